using Microsoft.AspNetCore.Http;

namespace Xnai.ServiceDefaults.Http;

/// <summary>
/// The request body, with every read also bound to the request's deadline. ASP.NET request timeouts only cancel
/// <c>HttpContext.RequestAborted</c>; the framework's body binders read without that token, so a body trickling in just
/// above the minimum data rate would outlive its deadline. Here the read is cancelled and the connection closed (the
/// server cannot drain a body whose read was cancelled), which frees the request's slot at once.
/// </summary>
internal sealed class DeadlineRequestBodyStream(HttpContext context, Stream inner, CancellationToken deadline) : Stream
{
    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!cancellationToken.CanBeCanceled || cancellationToken == deadline)
            {
                return await inner.ReadAsync(buffer, deadline).ConfigureAwait(false);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline);
            return await inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The rest of the body will never be read and the server cannot drain a cancelled read: close the connection.
            context.Abort();
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
