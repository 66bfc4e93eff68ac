using BenchmarkDotNet.Running;
using PortLoad.Benchmarks;

// "socket-count" runs the side-by-side socket counting measurement (inside a namespace: see
// benchmarks/socket-count.sh); anything else goes to BenchmarkDotNet.
if (args is ["socket-count", ..])
{
    return SocketCountComparison.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 28_000);
}

BenchmarkSwitcher.FromAssembly(typeof(SocketCountComparison).Assembly).Run(args);
return 0;
