namespace Xnai.RagStub.Semantic;

public sealed partial class SentenceEmbedder
{
    // Weight of the newest call in the smoothed inference time the shed estimate reads.
    private const double Smoothing = 0.25;

    private async Task RunWorkerAsync(int worker)
    {
        var reader = _queue.Reader;
        var batch = new List<EncodeRequest>(_settings.MaxBatchSize);
        var texts = new List<string>(_settings.MaxBatchSize);
        EncodeRequest? carried = null;
        try
        {
            while (carried is not null || await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                var first = carried;
                carried = null;
                if (first is null && !reader.TryRead(out first))
                {
                    continue;
                }

                batch.Clear();
                batch.Add(first);
                if (first.Batchable)
                {
                    // Idle encoder: wait a moment for company. Busy encoder: the queries that queued meanwhile are the batch.
                    if (reader.Count == 0 && _settings.BatchWindow > TimeSpan.Zero && _settings.MaxBatchSize > 1)
                    {
                        await Task.Delay(_settings.BatchWindow, _time, _stopping.Token).ConfigureAwait(false);
                    }

                    while (batch.Count < _settings.MaxBatchSize && reader.TryPeek(out var next) && next.Batchable && reader.TryRead(out next))
                    {
                        // Another worker may have taken the peeked one: a long ingestion request then runs on its own.
                        if (!next.Batchable)
                        {
                            carried = next;
                            break;
                        }

                        batch.Add(next);
                    }
                }

                Run(worker, batch, texts);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }

        while (reader.TryRead(out var left))
        {
            left.Result.TrySetException(new ObjectDisposedException(nameof(SentenceEmbedder)));
        }

        carried?.Result.TrySetException(new ObjectDisposedException(nameof(SentenceEmbedder)));
    }

    private void Run(int worker, List<EncodeRequest> batch, List<string> texts)
    {
        // A caller that stopped waiting before its turn costs nothing.
        batch.RemoveAll(r => r.CancellationToken.IsCancellationRequested && r.Result.TrySetCanceled(r.CancellationToken));
        if (batch.Count == 0)
        {
            return;
        }

        texts.Clear();
        foreach (var request in batch)
        {
            texts.AddRange(request.Texts);
        }

        var started = _time.GetTimestamp();
        Volatile.Write(ref _runningSince[worker], started);
        var measured = false;
        try
        {
            // Loading the model (seconds, once) is not an inference time the shed estimate should read.
            var model = _model.Value;
            measured = batch[0].Batchable;
            started = _time.GetTimestamp();
            var vectors = model.Encode(texts, CancellationToken.None);
            var at = 0;
            foreach (var request in batch)
            {
                request.Result.TrySetResult(vectors[at..(at + request.Texts.Length)]);
                at += request.Texts.Length;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            foreach (var request in batch)
            {
                request.Result.TrySetException(ex);
            }
        }
        finally
        {
            Volatile.Write(ref _runningSince[worker], 0);

            // Only query batches: a batch of long passages says nothing about how long queries wait.
            if (measured)
            {
                var elapsed = _time.GetElapsedTime(started);
                Smooth(ref _batchTicks, elapsed.Ticks);
                Smooth(ref _queryTicks, elapsed.Ticks / texts.Count);
            }
        }
    }

    private static void Smooth(ref long smoothed, long ticks)
    {
        long seen, next;
        do
        {
            seen = Interlocked.Read(ref smoothed);
            next = seen == 0 ? ticks : (long)((seen * (1 - Smoothing)) + (ticks * Smoothing));
        }
        while (Interlocked.CompareExchange(ref smoothed, next, seen) != seen);
    }
}
