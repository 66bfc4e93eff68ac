namespace PortLoad.Simulation;

/// <summary>A pool: its connections opened once, each request waiting for the first to come free, connections replaced past their lifetime.</summary>
internal sealed partial class StrategySimulation
{
    private (FailureKind, double) Pooled(double due)
    {
        if (!_pool.TryPeek(out var connection, out var free))
        {
            return (OutOfPorts, due);
        }

        // The request waits for the first connection to come free.
        var start = Math.Max(due, free);
        if (start - due >= _timeout)
        {
            return (FailureKind.ETIMEDOUT, due + _timeout);
        }

        if (_strategy.ConnectionLifetime is { } lifetime && start - _poolConnections[connection].OpenedAt >= lifetime.TotalSeconds)
        {
            // The pool replaces a connection past its lifetime: the old one closes (the client first), a new one opens.
            var old = _poolConnections[connection];
            _ports.Close(old.Source, old.Port, start, clientHoldsTimeWait: true);
            var (source, port, _) = _ports.Connect(_random);
            if (port < 0)
            {
                _pool.Dequeue();
                return (OutOfPorts, start);
            }

            _opened++;
            _poolConnections[connection] = (source, port, start);
        }

        var done = start + Service();
        _pool.DequeueEnqueue(connection, done);
        return (FailureKind.None, done);
    }

    private void OpenPool()
    {
        for (var i = 0; i < _strategy.PoolSizeOrDefault; i++)
        {
            var (source, port, _) = _ports.Connect(_random);
            _poolConnections.Add((source, port, 0));
            if (port >= 0 && (_nat is null || _nat.TryAcquire(source, 0)))
            {
                _opened++;
                _pool.Enqueue(i, 0);
            }
        }
    }
}
