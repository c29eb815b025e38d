using Assembly = System.Reflection.Assembly;
using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;

namespace Xnai.Tests.Architecture;

/// <summary>
/// The dependencies that must never be (issue 31): the breaker library and its hosting layer on ASP.NET Core or Aspire,
/// a service on another service, ServiceDefaults on the breaker or chaos projects, and any cycle between the folders
/// (namespaces) of one project. Assembly rules read the compiled references, which the compiler emits only for what is
/// used; folder cycles are found by ArchUnitNET on the types' dependencies.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LayeringTests
{
    private static readonly string[] Services = ["Xnai.ChatApi", "Xnai.RagStub", "Xnai.VoiceWorker"];

    private static readonly string[] Projects =
        [.. Services, "Xnai.ServiceDefaults", "Xnai.Resilience", "Xnai.Resilience.Hosting", "Xnai.Chaos", "Xnai.Contracts"];

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> Types = new(() =>
        new ArchLoader().LoadAssemblies([.. Projects.Select(Assembly.Load)]).Build());

    private static IReadOnlyList<string> ReferencesOf(string project) =>
        [.. Assembly.Load(project).GetReferencedAssemblies().Select(a => a.Name!).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("Xnai.Resilience")]
    [InlineData("Xnai.Resilience.Hosting")]
    [InlineData("Xnai.Contracts")]
    public void Library_DependsOnNeitherAspNetCoreNorAspire(string library)
    {
        var forbidden = ReferencesOf(library)
            .Where(r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || r.StartsWith("Aspire", StringComparison.Ordinal))
            .ToList();

        Assert.True(forbidden.Count == 0, $"{library} references {string.Join(", ", forbidden)}");
    }

    [Theory]
    [InlineData("Xnai.Resilience", new string[0])]
    [InlineData("Xnai.Resilience.Hosting", new[] { "Xnai.Resilience" })]
    [InlineData("Xnai.Contracts", new string[0])]
    [InlineData("Xnai.ServiceDefaults", new string[0])]
    [InlineData("Xnai.Chaos", new[] { "Xnai.ServiceDefaults" })]
    [InlineData("Xnai.VoiceWorker", new[] { "Xnai.Chaos", "Xnai.Contracts", "Xnai.ServiceDefaults" })]
    public void Project_ReferencesOnlyTheXnaiProjectsBelowIt(string project, string[] allowed)
    {
        var xnai = ReferencesOf(project).Where(r => r.StartsWith("Xnai.", StringComparison.Ordinal)).ToList();

        var unexpected = xnai.Except(allowed).ToList();
        Assert.True(unexpected.Count == 0, $"{project} must not reference {string.Join(", ", unexpected)}");
    }

    [Theory]
    [InlineData("Xnai.ChatApi")]
    [InlineData("Xnai.RagStub")]
    [InlineData("Xnai.VoiceWorker")]
    public void Service_ReferencesNoOtherService(string service)
    {
        var others = ReferencesOf(service).Intersect(Services.Where(s => s != service)).ToList();

        Assert.True(others.Count == 0, $"{service} references {string.Join(", ", others)}: services talk over HTTP, through Xnai.Contracts");
    }

    [Theory]
    [InlineData("Xnai.ChatApi")]
    [InlineData("Xnai.VoiceWorker")]
    [InlineData("Xnai.Resilience")]
    [InlineData("Xnai.ServiceDefaults")]
    [InlineData("Xnai.Chaos")]
    [InlineData("Xnai.RagStub")]
    public void Folders_OfAProject_HaveNoCycle(string project)
    {
        var rule = SliceRuleDefinition.Slices().Matching(project + ".(*)").Should().BeFreeOfCycles();

        var cycles = rule.Evaluate(Types.Value).Where(r => !r.Passed).Select(r => r.Description).ToList();

        Assert.True(cycles.Count == 0, $"Folder cycles in {project}:\n{string.Join("\n", cycles)}");
    }

    /// <summary>The cycle rule finds a cycle when there is one: the test above cannot pass by matching nothing.</summary>
    [Fact]
    public void Folders_CycleRule_FindsADeliberateCycle()
    {
        var sample = new ArchLoader().LoadAssemblies(typeof(CycleSample.Left.LeftType).Assembly).Build();
        var rule = SliceRuleDefinition.Slices().Matching("Xnai.Tests.Architecture.CycleSample.(*)").Should().BeFreeOfCycles();

        var failed = Assert.Single(rule.Evaluate(sample), r => !r.Passed);
        Assert.Contains("Left", failed.Description, StringComparison.Ordinal);
        Assert.Contains("Right", failed.Description, StringComparison.Ordinal);
    }
}
