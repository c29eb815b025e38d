// Two folders that depend on each other, on purpose: LayeringTests proves its cycle rule fails on them.
#pragma warning disable CA1812 // never instantiated: only their dependencies are read

namespace Xnai.Tests.Architecture.CycleSample.Left
{
    internal sealed class LeftType
    {
        public Right.RightType? Other { get; set; }
    }
}

namespace Xnai.Tests.Architecture.CycleSample.Right
{
    internal sealed class RightType
    {
        public Left.LeftType? Other { get; set; }
    }
}
