using Microsoft.Net.Http.Headers;

namespace Xnai.ChatApi.Web;

/// <summary>Serves the chat page (plain HTML, CSS and ES modules in <c>wwwroot</c>) with headers that keep it to its own origin.</summary>
public static class ChatPageExtensions
{
    /// <summary>
    /// Only our own origin may supply scripts, styles, media, workers and connections; no inline script, no framing.
    /// <c>blob:</c> media is the spoken answer, built in the page from the voice chat's WAV.
    /// </summary>
    internal const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
        + "connect-src 'self'; worker-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        + "frame-ancestors 'none'; form-action 'self'";

    /// <summary>Adds the security headers to every response and serves <c>/</c> and the page's assets from <c>wwwroot</c>.</summary>
    public static WebApplication UseChatPage(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            var headers = context.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "microphone=(self), camera=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return next(context);
        });

        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            // The page is small and changes with each release: revalidate (ETag) instead of caching stale modules.
            OnPrepareResponse = static file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
