namespace Xnai.RagStub.Semantic;

/// <summary>A query's unit-length vector and how long it waited in the encoder's queue before its inference call started.</summary>
public readonly record struct QueryEncoding(float[] Vector, TimeSpan QueueWait);
