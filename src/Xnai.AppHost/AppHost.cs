using Xnai.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

// Operator key for admin and chaos endpoints: generated once and kept in user secrets; tests set their own.
var adminKey = builder.AddParameter("admin-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

// Container where a container runtime is healthy, else Debian's redis-server; both persist across a restart.
var cache = builder.AddXnaiRedis(XnaiDependencies.Cache.Resource);

var rag = builder.AddProject<Projects.Xnai_RagStub>(XnaiDependencies.Rag.Resource)
    .WithEnvironment("Xnai__AdminKey", adminKey)
    .WithHttpHealthCheck("/health")
    .WithXnaiChaosCommands(adminKey)
    .WithXnaiSemanticChaosCommands(adminKey);

var voice = builder.AddProject<Projects.Xnai_VoiceWorker>(XnaiDependencies.Voice.Resource)
    .WithEnvironment("Xnai__AdminKey", adminKey)
    .WithHttpHealthCheck("/health")
    .WithXnaiChaosCommands(adminKey);

// chatapi waits for cache only: it must come up while rag or voice are down, degrading gracefully is its job.
// Its replicas (Xnai:ChatApi:Replicas) share conversations and manual breaker states through cache.
builder.AddProject<Projects.Xnai_ChatApi>(XnaiDependencies.ChatApi)
    .WithXnaiReplicas(builder.Configuration)
    .WithReference(cache).WaitFor(cache)
    .WithReference(rag)
    .WithReference(voice)
    .WithEnvironment("Xnai__AdminKey", adminKey)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithUrlForEndpoint("http", url => url.DisplayText = "Chat page")
    .WithXnaiCircuitCommands(adminKey);

builder.Build().Run();
