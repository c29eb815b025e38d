using System.Diagnostics;
using System.Net;

namespace Xnai.Tests.Functional;

/// <summary>What a <see cref="FakeDependency"/> does with the next calls.</summary>
public enum FakeBehaviour
{
    /// <summary>Answers with the dependency's normal response.</summary>
    Succeed,

    /// <summary>Refuses the connection, as a stopped process would.</summary>
    Fail,

    /// <summary>Never answers: the call waits until the caller's timeout cancels it.</summary>
    Hang,
}

/// <summary>
/// A dependency on the wire, in process: answers, refuses or hangs on command, and counts the calls that reached it,
/// so a test can tell a call the breaker rejected (never sent) from one that failed on the network.
/// </summary>
public sealed class FakeDependency(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly List<string> _paths = [];
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeBehaviour Behaviour { get; set; } = FakeBehaviour.Succeed;

    /// <summary>Calls that reached the network, in order (request paths).</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_gate)
            {
                return [.. _paths];
            }
        }
    }

    public int Calls => Paths.Count;

    /// <summary>Completes when the next call arrives (after <see cref="ExpectCall"/>).</summary>
    public Task Entered
    {
        get
        {
            lock (_gate)
            {
                return _entered.Task;
            }
        }
    }

    /// <summary>Resets <see cref="Entered"/> to wait for the next call.</summary>
    public void ExpectCall()
    {
        lock (_gate)
        {
            _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>A JSON 200 answer.</summary>
    public static HttpResponseMessage Json<T>(T body) => new(HttpStatusCode.OK) { Content = System.Net.Http.Json.JsonContent.Create(body) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        TaskCompletionSource entered;
        lock (_gate)
        {
            _paths.Add(request.RequestUri!.AbsolutePath);
            entered = _entered;
        }

        entered.TrySetResult();
        switch (Behaviour)
        {
            case FakeBehaviour.Fail:
                throw new HttpRequestException("Connection refused", null, HttpStatusCode.ServiceUnavailable);
            case FakeBehaviour.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                throw new UnreachableException();
            default:
                return answer(request);
        }
    }

    // The client factory disposes expired handlers; this one lives as long as the test host.
    protected override void Dispose(bool disposing)
    {
    }
}
