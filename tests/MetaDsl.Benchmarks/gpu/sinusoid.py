"""The job every peer times, shared so they time the same thing as MetaDsl.Benchmarks.Gpu.

Sinusoid MAML, second order: 1-40-40-1 ReLU MLP, K = 5 inner SGD steps with alpha = 0.01, 10 train
and 10 validation points per task, MSE loss. One meta-step = upload the host batch, compute the mean
over tasks of d L_val(theta_K) / d theta (through the inner loop), and bring the mean meta-gradient
back to the host. Printed as `<peer> tasks=<B> median_ms=<ms> steps=<timed steps>`.
"""
import argparse
import sys
import time

try:
    import numpy as np
except ImportError:
    sys.exit("NumPy is not installed: pip install numpy")

SIZES = (1, 40, 40, 1)
INNER_STEPS = 5
ALPHA = 0.01
TRAIN_POINTS = 10
VALIDATION_POINTS = 10


def arguments(default_timed=30):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, nargs="+", default=[25, 1000, 10000], help="meta-batch sizes")
    parser.add_argument("--warmup", type=int, default=5, help="untimed meta-steps first (compilation, caches)")
    parser.add_argument("--timed", type=int, default=default_timed, help="timed meta-steps; the median is printed")
    parser.add_argument("--max-seconds", type=float, default=None,
                        help="stop timing a size once this much time has passed (after at least one timed step)")
    return parser.parse_args()


def initial_parameters(seed=1):
    """W_l [in, out] and b_l [out] per layer, as float32 numpy arrays (the learner's [Param] order)."""
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        bound = 1.0 / np.sqrt(fan_in)
        params.append(rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32))
        params.append(np.zeros(fan_out, np.float32))
    return params


def sinusoid_batch(tasks, seed):
    """x, y [tasks, points, 1] float32 for the train and validation splits: y = A sin(x + phase)."""
    rng = np.random.default_rng(seed)
    amplitude = rng.uniform(0.1, 5.0, (tasks, 1, 1))
    phase = rng.uniform(0.0, np.pi, (tasks, 1, 1))
    x_train = rng.uniform(-5.0, 5.0, (tasks, TRAIN_POINTS, 1))
    x_val = rng.uniform(-5.0, 5.0, (tasks, VALIDATION_POINTS, 1))
    f32 = lambda a: np.ascontiguousarray(a, dtype=np.float32)
    return (f32(x_train), f32(amplitude * np.sin(x_train + phase)),
            f32(x_val), f32(amplitude * np.sin(x_val + phase)))


def report(peer, tasks, milliseconds):
    print(f"{peer} tasks={tasks} median_ms={float(np.median(milliseconds)):.3f} steps={len(milliseconds)}", flush=True)


def timed_steps(run_one, warmup, timed, max_seconds=None):
    """Milliseconds of each timed step (`run_one` runs a step and returns its milliseconds), after `warmup`
    untimed ones; stops early once `max_seconds` have passed and at least one step was timed."""
    times = []
    began = time.perf_counter()
    for i in range(warmup + timed):
        milliseconds = run_one()
        if i >= warmup:
            times.append(milliseconds)
            if max_seconds is not None and time.perf_counter() - began > max_seconds:
                break
    return times


def wall_clock_ms(step, warmup, timed, max_seconds=None):
    """Times `step` (which must block until its result is on the host) with the host clock."""
    def run_one():
        start = time.perf_counter()
        step()
        return 1000.0 * (time.perf_counter() - start)
    return timed_steps(run_one, warmup, timed, max_seconds)
