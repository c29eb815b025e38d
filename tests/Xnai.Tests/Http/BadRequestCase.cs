using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Xnai.Tests.Http;

/// <summary>One hostile or malformed request of a test table, and the status it must get.</summary>
public sealed record BadRequestCase(string Method, string Path, string? ContentType, byte[] Body, int Expected, string? Host = null)
{
    public static BadRequestCase Json(string path, string body, int expected, string contentType = "application/json") =>
        new("POST", path, contentType, Encoding.UTF8.GetBytes(body), expected);

    public static BadRequestCase Get(string path, int expected, string? host = null) => new("GET", path, null, [], expected, host);

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path);
        if (Method != "GET")
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        if (Host is not null)
        {
            request.Headers.Host = Host;
        }

        // A client sending a large body should wait for 100-continue: the server refuses it (413) before it is sent.
        request.Headers.ExpectContinue = Body.Length > 1024 * 1024;

        return request;
    }

    /// <summary>Sends the case and asserts its status and a problem-details body naming the problem.</summary>
    public async Task AssertAsync(HttpClient client)
    {
        using var request = ToRequest();
        using var response = await client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(Expected == (int)response.StatusCode, $"{Method} {Path}: expected {Expected}, got {(int)response.StatusCode}: {text}");

        // Host filtering answers before any endpoint, with an empty 400 by design.
        if (Host is null)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonSerializer.Deserialize<ProblemDetails>(text, ContractJson.Web)!;
            Assert.Equal(Expected, problem.Status);
            Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        }
    }

    /// <summary>A multipart body with a <c>file</c> field; <paramref name="complete"/> false cuts it off mid-file.</summary>
    public static byte[] Multipart(string boundary, byte[] file, bool complete, string field = "file")
    {
        var head = Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n");
        var tail = complete ? Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n") : [];
        return [.. head, .. complete ? file : file[..(file.Length / 2)], .. tail];
    }

    public override string ToString() => $"{Method} {Path} ({ContentType})";
}

/// <summary>Content type helpers.</summary>
internal static class ContentTypes
{
    public static MediaTypeHeaderValue Wav => new("audio/wav");
}
