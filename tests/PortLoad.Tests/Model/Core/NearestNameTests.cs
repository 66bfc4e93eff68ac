namespace PortLoad.Tests.Core;

public class NearestNameTests
{
    private static readonly string[] Fields = ["name", "connections", "closeBy", "poolSize"];

    [TestCase("poolsize", "poolSize")]
    [TestCase("conections", "connections")]
    [TestCase("closedBy", "closeBy")]
    [TestCase("nmae", "name")]
    public void Find_CloseMisspelling_Suggests(string given, string expected) =>
        Assert.That(NearestName.Find(given, Fields), Is.EqualTo(expected));

    [Test]
    public void Find_NothingClose_SuggestsNothing() => Assert.That(NearestName.Find("timeout", Fields), Is.Null);
}
