using System.Diagnostics;
using System.IO.Compression;

namespace Xnai.Tests.Resilience;

// `dotnet pack src/Xnai.Resilience` must produce a package a stranger can use: assembly, XML docs, README.
[Trait("Category", "Slow")]
public sealed class XnaiResiliencePackageTests
{
    [Fact]
    public async Task Pack_ProducesAPackageWithTheAssemblyTheXmlDocsAndTheReadme()
    {
        var output = Directory.CreateTempSubdirectory("xnai-pack-");
        try
        {
            var project = Path.Combine(RepositoryPaths.Root, "src", "Xnai.Resilience");
            // Release, so the Debug output the other tests run from is left alone.
            var start = new ProcessStartInfo("dotnet", ["pack", project, "-c", "Release", "-o", output.FullName, "--nologo"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var pack = Process.Start(start)!;
            var log = pack.StandardOutput.ReadToEndAsync();
            await pack.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(pack.ExitCode == 0, await log);

            var package = Assert.Single(output.GetFiles("Xnai.Resilience.*.nupkg"));
            using var zip = ZipFile.OpenRead(package.FullName);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("lib/net10.0/Xnai.Resilience.dll", entries);
            Assert.Contains("lib/net10.0/Xnai.Resilience.xml", entries);
            Assert.Contains("README.md", entries);

            using var readme = new StreamReader(zip.GetEntry("README.md")!.Open());
            Assert.Contains("ResiliencePipelineBuilder", await readme.ReadToEndAsync());
            using var docs = new StreamReader(zip.GetEntry("lib/net10.0/Xnai.Resilience.xml")!.Open());
            Assert.Contains("M:Xnai.Resilience.CircuitBreaker.Reset", await docs.ReadToEndAsync());
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var manifest = await nuspec.ReadToEndAsync();
            Assert.Contains("<readme>README.md</readme>", manifest);
            // A library of abstractions: Polly.Core and Microsoft.Extensions.* only, no ASP.NET Core, no Aspire.
            Assert.Contains("id=\"Polly.Core\"", manifest);
            Assert.DoesNotContain("AspNetCore", manifest);
            Assert.DoesNotContain("Aspire", manifest);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
