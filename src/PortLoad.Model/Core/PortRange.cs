namespace PortLoad;

/// <summary>An inclusive range of ports.</summary>
public readonly record struct PortRange(int Low, int High)
{
    public int Size => High - Low + 1;

    public override string ToString() => $"{Low}-{High}";
}
