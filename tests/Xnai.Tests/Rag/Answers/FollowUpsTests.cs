using Xnai.RagStub.Answers;

namespace Xnai.Tests.Rag.Answers;

/// <summary>A follow-up that swaps the subject is asked as the previous question about the new subject.</summary>
[Trait("Category", "Unit")]
public sealed class FollowUpsTests
{
    [Theory]
    [InlineData("and the redis one? How long does the rag breaker stay open?", "and the redis one? How long does the Redis breaker stay open?")]
    [InlineData("what about the knowledge base? Which setting overrides the voice breaker's thresholds?",
        "what about the knowledge base? Which setting overrides the knowledge base breaker's thresholds?")]
    [InlineData("How about speech? What do users get while the session store is down?", "How about speech? What do users get while the voice is down?")]
    public void SubjectSwap_AsksThePreviousQuestion_AboutTheNewSubject(string query, string question) =>
        Assert.Equal(question, FollowUps.Rewrite(query));

    [Theory]
    // No subject in the lead, or the same one: the context is what the follow-up is about.
    [InlineData("and how long does it stay open? How many failures open the rag breaker?")]
    [InlineData("and the rag one? How many failures open the rag breaker?")]
    // Not a follow-up's opening, or too long a lead: a question of two sentences is left as asked.
    [InlineData("Redis is down? How do I restart the voice service?")]
    [InlineData("and what happens to the redis buffer when it fills up completely? How long does the rag breaker stay open?")]
    // The previous turn names no subject, or there is none.
    [InlineData("and the redis one? How long does a breaker stay open?")]
    [InlineData("and the redis one?")]
    [InlineData("How long does the rag breaker stay open?")]
    [InlineData("")]
    public void AnythingElse_IsLeftAsAsked(string query) => Assert.Equal(query, FollowUps.Rewrite(query));
}
