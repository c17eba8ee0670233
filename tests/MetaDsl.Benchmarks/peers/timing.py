"""The peers' shared timer: the median wall time of a step, after warming it up, so that every
peer is timed the way `metadsl bench` times its cases."""
import statistics
import time


def median_ms(fn, seconds, warmup_calls=0, warmup_seconds=0.0, least=5):
    """Median milliseconds per call of fn over `seconds` (and at least `least` calls), after
    `warmup_calls` calls and then `warmup_seconds` of calls that are not timed."""
    for _ in range(warmup_calls):
        fn()
    warm_until = time.perf_counter() + warmup_seconds
    while time.perf_counter() < warm_until:
        fn()
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(samples) < least:
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
