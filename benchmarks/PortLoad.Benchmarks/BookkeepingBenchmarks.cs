using System.Net;
using BenchmarkDotNet.Attributes;
using PortLoad.Recording;

namespace PortLoad.Benchmarks;

/// <summary>
/// What every request pays besides its syscalls (#25), each per request: the recorder (an attempt and its
/// success: counters, the interval, two latency histograms), the descriptor gate (a socket's descriptor taken and
/// given back), and the port attribution (a connection's local end set in the bitmap the sampler reads).
/// </summary>
[MemoryDiagnoser]
public class BookkeepingBenchmarks
{
    private const int Requests = 10_000;
    private readonly LocalPorts _ports = new();
    private readonly byte[] _loopback = IPAddress.Loopback.GetAddressBytes();
    private RunRecorder _recorder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _recorder = new RunRecorder(TimeProvider.System, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        _recorder.Start();
        DescriptorGate.Limit(1_000_000);
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public void RecordARequest()
    {
        for (var i = 0; i < Requests; i++)
        {
            var scheduled = TimeProvider.System.GetTimestamp();
            _recorder.OnAttempt(scheduled);
            _recorder.OnCompleted(scheduled, FailureKind.None);
        }
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public void TakeAndReturnADescriptor()
    {
        for (var i = 0; i < Requests; i++)
        {
            if (DescriptorGate.TryTake())
            {
                DescriptorGate.Return();
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public void AttributeAPort()
    {
        for (var i = 0; i < Requests; i++)
        {
            _ports.Add(_loopback, 1024 + (i % 64000));
        }
    }
}
