using System.Text.RegularExpressions;
using Xnai.RagStub.Search;

namespace Xnai.Tests.Rag.Answers;

/// <summary>Scores answers against an answer set: correct (every required fact, no forbidden one), contradicting, median words.</summary>
public static partial class AnswerSetEvaluation
{
    public static async Task<AnswerFigures> Score(IReadOnlyList<AnswerCase> cases, Func<string, Task<RetrievalResult>> ask, Action<string>? log = null)
    {
        int correct = 0, contradicting = 0;
        var words = new List<int>(cases.Count);
        foreach (var item in cases)
        {
            var answer = Plain((await ask(item.Question)).Answer);
            var states = item.States(answer);
            var contradicts = item.Contradicts(answer);
            correct += states && !contradicts ? 1 : 0;
            contradicting += contradicts ? 1 : 0;
            words.Add(WordCount(answer));
            if (!states || contradicts)
            {
                log?.Invoke($"{(contradicts ? "CONTRADICTS" : "MISSES")} {item.Question} -> {answer}");
            }
        }

        words.Sort();
        var median = words.Count == 0 ? 0 : words.Count % 2 == 1 ? words[words.Count / 2] : (words[(words.Count / 2) - 1] + words[words.Count / 2]) / 2.0;
        return new AnswerFigures(correct, contradicting, cases.Count, median);
    }

    /// <summary>The answer without citation markers.</summary>
    public static string Plain(string answer) => Marker().Replace(answer, string.Empty);

    public static int WordCount(string text) => text.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex(@"\s?\[\d+\]")]
    private static partial Regex Marker();
}

public sealed record AnswerFigures(int Correct, int Contradicting, int Count, double MedianWords)
{
    public double CorrectShare => Count == 0 ? 0 : (double)Correct / Count;

    public override string ToString() =>
        $"correct {Correct}/{Count} ({100.0 * CorrectShare:F1} %), contradicting {Contradicting}, median {MedianWords} words";
}
