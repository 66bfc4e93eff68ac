namespace PortLoad.Results;

/// <summary>
/// This host's connect() costs, measured by <c>portload simulate --calibrate</c> (a short closed-model probe in a
/// namespace of its own, the median of <paramref name="Runs"/> runs) and saved as <see cref="FileName"/> under the results
/// folder, where plain <c>simulate</c> finds it: the default for the costs a scenario leaves unset.
/// </summary>
public sealed record HostCalibration(DateTimeOffset MeasuredAt, string Kernel, int ProcessorCount, int Runs, Calibration Calibration)
{
    public const string FileName = "host-calibration.json";
}
