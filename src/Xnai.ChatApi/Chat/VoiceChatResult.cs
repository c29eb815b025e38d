namespace Xnai.ChatApi.Chat;

/// <summary>A voice chat turn: the answer, or the problem that stopped it.</summary>
public sealed record VoiceChatResult(VoiceChatResponse? Answer, VoiceChatProblem? Problem)
{
    public static implicit operator VoiceChatResult(VoiceChatResponse answer) => new(answer, null);

    public static implicit operator VoiceChatResult(VoiceChatProblem problem) => new(null, problem);
}

/// <summary>Why a voice chat turn has no answer; <see cref="RetryAfterSeconds"/> is set when trying again later may help.</summary>
public sealed record VoiceChatProblem(int Status, string Title, string Detail, int? RetryAfterSeconds = null);
