using System.Collections.Concurrent;

namespace Xnai.Tests.Integration;

/// <summary>
/// Temporary directories the tests hand to processes they start (redis-server's data, the manifest's output), deleted
/// when the test process exits. Not when a test ends: redis-server saves on shutdown and refuses to exit when its
/// directory is gone, and an app's processes stop after its test has returned; by process exit every app the tests
/// started has been disposed. Without this, every whole-app fixture left its Redis data (up to ~30 MB) under /tmp.
/// </summary>
internal static class TestDirectories
{
    private static readonly ConcurrentBag<string> Created = [];

    static TestDirectories() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();

    /// <summary>Creates a new directory under the temp folder, named <paramref name="prefix"/> and a random part.</summary>
    public static string Create(string prefix)
    {
        var path = Directory.CreateTempSubdirectory(prefix).FullName;
        Created.Add(path);
        return path;
    }

    private static void DeleteAll()
    {
        foreach (var path in Created)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort at exit: a directory still held open is left for the OS's temp cleanup.
            }
        }
    }
}
