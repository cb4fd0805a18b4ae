#!/usr/bin/python3
"""The comparison side of `descent bench`: the same workloads in PyTorch and numpy, float32, same line format.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/compare.py --write-data /tmp/bench
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/compare.py --data-dir /tmp/bench [W1 W2 W3a W3b GEMM]

Unset OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE for this command only: the environment's Haswell setting halves
OpenBLAS' speed (see /work/shared/research/performance.md section 0). Each workload: one warm-up repeat, then
the median of three. Timing covers the training epochs (shuffling and batch gathering included).
torch runs with torch.set_num_threads(1) (OpenBLAS keeps its own threads), its fastest setting here.
"""
import argparse
import os
import sys
import time

try:
    import numpy as np
except ImportError:
    np = None
try:
    import torch
except ImportError:
    torch = None

SEED = 12345


def write_data(d):
    """Raw little-endian files from a fixed seed: the bytes every tool trains on."""
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(SEED)
    # W1: logistic regression 200,000 x 100
    n, f = 200_000, 100
    w = rng.standard_normal(f) / np.sqrt(f)
    X = rng.standard_normal((n, f)).astype('<f4')
    y = ((X.astype(np.float64) @ w + 0.5 * rng.standard_normal(n)) > 0).astype('<f4')
    X.tofile(os.path.join(d, 'w1_X.f32')); y.tofile(os.path.join(d, 'w1_y.f32'))
    # W2: MNIST-shaped 60,000 x 784 in [0, 1] around ten class prototypes
    n, f = 60_000, 784
    proto = rng.random((10, f))
    labels = rng.integers(0, 10, n).astype('<i4')
    X = np.clip(proto[labels] + 0.5 * rng.standard_normal((n, f)), 0, 1).astype('<f4')
    X.tofile(os.path.join(d, 'w2_X.f32')); labels.tofile(os.path.join(d, 'w2_y.i32'))
    # W3: linear regression 1,000,000 x 20, noise 0.1 (MSE floor 0.01)
    n, f = 1_000_000, 20
    w = rng.standard_normal(f)
    X = rng.standard_normal((n, f)).astype('<f4')
    y = (X.astype(np.float64) @ w + 0.5 + 0.1 * rng.standard_normal(n)).astype('<f4')
    X.tofile(os.path.join(d, 'w3_X.f32')); y.tofile(os.path.join(d, 'w3_y.f32'))


def load(d, name, f, labels=False):
    X = np.fromfile(os.path.join(d, name + '_X.f32'), dtype='<f4').reshape(-1, f)
    y = np.fromfile(os.path.join(d, name + ('_y.i32' if labels else '_y.f32')), dtype='<i4' if labels else '<f4')
    return X, y


def median3(fn):
    fn()  # warm-up
    runs = sorted([fn() for _ in range(3)], key=lambda r: r[0])
    return runs[1][0], runs[-1][1], runs[0][0], runs[-1][0]


def line(workload, tool, rate, loss, lo, hi, threads):
    print(f'workload={workload} tool={tool} samples_per_s={rate:.0f} final_loss={loss:.5f} threads={threads} '
          f'min={lo:.0f} max={hi:.0f}', flush=True)


# ---------------------------------------------------------------- numpy (hand-written loops)

def np_w1(X, y):
    n, f = X.shape
    w = np.zeros(f, np.float32); b = np.float32(0)
    m = np.zeros(f + 1, np.float32); v = np.zeros(f + 1, np.float32)
    lr, b1, b2, eps, t = 1e-3, 0.9, 0.999, 1e-8, 0
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    for _ in range(5):
        order = rng.permutation(n)
        for s in range(0, n, 256):
            idx = order[s:s + 256]
            xb, yb = X[idx], y[idx]
            z = xb @ w + b
            r = (1 / (1 + np.exp(-z)) - yb) / len(idx)
            g = np.empty(f + 1, np.float32); g[:f] = r @ xb; g[f] = r.sum()
            t += 1
            m = b1 * m + (1 - b1) * g; v = b2 * v + (1 - b2) * g * g
            upd = lr / (1 - b1 ** t) * m / (np.sqrt(v / (1 - b2 ** t)) + eps)
            w -= upd[:f]; b -= upd[f]
    dt = time.perf_counter() - t0
    z = X @ w + b
    loss = float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    return 5 * n / dt, loss


def np_w3(X, y, batch, epochs):
    n, f = X.shape
    w = np.zeros(f, np.float32); b = np.float32(0); lr = np.float32(0.05)
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    for _ in range(epochs):
        if batch >= n:
            batches = [(X, y)]
        else:
            order = rng.permutation(n)
            batches = ((X[order[s:s + batch]], y[order[s:s + batch]]) for s in range(0, n, batch))
        for xb, yb in batches:
            r = (xb @ w + b - yb) * np.float32(2 / len(yb))
            w -= lr * (r @ xb); b -= lr * r.sum()
    dt = time.perf_counter() - t0
    return epochs * n / dt, float(np.mean((X @ w + b - y) ** 2))


def np_w2(X, y):
    n, f = X.shape
    rng = np.random.default_rng(0)
    sizes = [f, 256, 128, 10]
    Ws = [rng.uniform(-1, 1, (a, c)).astype(np.float32) * np.float32(np.sqrt(6 / (a + c))) for a, c in zip(sizes, sizes[1:])]
    bs = [np.zeros(c, np.float32) for c in sizes[1:]]
    vel = [None] * 6
    lr, mom = np.float32(0.01), np.float32(0.9)
    t0 = time.perf_counter()
    for _ in range(3):
        order = rng.permutation(n)
        for s in range(0, n, 128):
            idx = order[s:s + 128]
            a0 = X[idx]; yb = y[idx]; B = len(idx)
            z1 = a0 @ Ws[0] + bs[0]; a1 = np.maximum(z1, 0)
            z2 = a1 @ Ws[1] + bs[1]; a2 = np.maximum(z2, 0)
            z3 = a2 @ Ws[2] + bs[2]
            p = np.exp(z3 - z3.max(1, keepdims=True)); p /= p.sum(1, keepdims=True)
            p[np.arange(B), yb] -= 1; d3 = p / B
            g = [None] * 6
            g[4] = a2.T @ d3; g[5] = d3.sum(0)
            d2 = (d3 @ Ws[2].T) * (a2 > 0)
            g[2] = a1.T @ d2; g[3] = d2.sum(0)
            d1 = (d2 @ Ws[1].T) * (a1 > 0)
            g[0] = a0.T @ d1; g[1] = d1.sum(0)
            params = [Ws[0], bs[0], Ws[1], bs[1], Ws[2], bs[2]]
            for i in range(6):
                vel[i] = g[i].copy() if vel[i] is None else mom * vel[i] + g[i]
                params[i] -= lr * vel[i]
    dt = time.perf_counter() - t0
    z = np.maximum(np.maximum(X @ Ws[0] + bs[0], 0) @ Ws[1] + bs[1], 0) @ Ws[2] + bs[2]
    zmax = z.max(1, keepdims=True)
    lse = zmax[:, 0] + np.log(np.exp(z - zmax).sum(1))
    return 3 * n / dt, float(np.mean(lse - z[np.arange(n), y]))


# ---------------------------------------------------------------- torch

def torch_train(X, y, model, loss_fn, opt, batch, epochs):
    n = X.shape[0]
    g = torch.Generator().manual_seed(0)
    t0 = time.perf_counter()
    for _ in range(epochs):
        if batch >= n:
            batches = [(X, y)]
        else:
            order = torch.randperm(n, generator=g)
            batches = ((X[order[s:s + batch]], y[order[s:s + batch]]) for s in range(0, n, batch))
        for xb, yb in batches:
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
    dt = time.perf_counter() - t0
    with torch.no_grad():
        final = float(loss_fn(model(X), y))
    return epochs * n / dt, final


def torch_linear(X, y, f, loss_fn, make_opt, batch, epochs):
    def run():
        model = torch.nn.Linear(f, 1)
        torch.nn.init.zeros_(model.weight); torch.nn.init.zeros_(model.bias)
        m = lambda x: model(x).squeeze(1)
        return torch_train(X, y, m, loss_fn, make_opt(model.parameters()), batch, epochs)
    return run


def torch_w2(X, y):
    def run():
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                    torch.nn.ReLU(), torch.nn.Linear(128, 10))
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        return torch_train(X, y, model, torch.nn.functional.cross_entropy, opt, 128, 3)
    return run


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('workloads', nargs='*', default=['W1', 'W2', 'W3a', 'W3b', 'GEMM'])
    p.add_argument('--data-dir')
    p.add_argument('--write-data', metavar='DIR')
    p.add_argument('--tools', default='torch,numpy')
    a = p.parse_args()
    if np is None:
        sys.exit('compare.py: numpy is not installed (apt-get install python3-numpy); nothing measured')
    if a.write_data:
        write_data(a.write_data)
        print(f'wrote raw data files to {a.write_data}')
        if not a.data_dir:
            return
    if not a.data_dir:
        sys.exit('compare.py: --data-dir DIR is required (write it first with --write-data DIR)')
    for k in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'):
        if k in os.environ:
            print(f'# warning: {k}={os.environ[k]} is set; OpenBLAS runs its slower kernels. '
                  'Run with env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE', file=sys.stderr)
    tools = a.tools.split(',')
    if 'torch' in tools and torch is None:
        print('# torch is not installed (apt-get install python3-torch): tool=torch lines skipped', file=sys.stderr)
        tools.remove('torch')
    if torch is not None:
        torch.set_num_threads(1)
    threads = os.cpu_count()
    for w in a.workloads:
        if w == 'W1':
            X, y = load(a.data_dir, 'w1', 100)
            if 'numpy' in tools:
                line('W1', 'numpy', *median3(lambda: np_w1(X, y)), threads)
            if 'torch' in tools:
                tX, ty = torch.from_numpy(X), torch.from_numpy(y)
                line('W1', 'torch', *median3(torch_linear(tX, ty, 100, torch.nn.functional.binary_cross_entropy_with_logits,
                                                          lambda ps: torch.optim.Adam(ps, lr=1e-3), 256, 5)), threads)
        elif w == 'W2':
            X, y = load(a.data_dir, 'w2', 784, labels=True)
            if 'numpy' in tools:
                line('W2', 'numpy', *median3(lambda: np_w2(X, y)), threads)
            if 'torch' in tools:
                line('W2', 'torch', *median3(torch_w2(torch.from_numpy(X), torch.from_numpy(y).long())), threads)
        elif w in ('W3a', 'W3b'):
            X, y = load(a.data_dir, 'w3', 20)
            batch, epochs = (X.shape[0], 100) if w == 'W3a' else (1024, 2)
            if 'numpy' in tools:
                line(w, 'numpy', *median3(lambda: np_w3(X, y, batch, epochs)), threads)
            if 'torch' in tools:
                tX, ty = torch.from_numpy(X), torch.from_numpy(y)
                line(w, 'torch', *median3(torch_linear(tX, ty, 20, torch.nn.functional.mse_loss,
                                                       lambda ps: torch.optim.SGD(ps, lr=0.05), batch, epochs)), threads)
        elif w == 'GEMM':
            for name, (m, k, n) in (('GEMM-1024', (1024, 1024, 1024)), ('GEMM-128x784x256', (128, 784, 256)),
                                    ('GEMM-128x256x128', (128, 256, 128))):
                A = np.random.default_rng(1).random((m, k), np.float32)
                B = np.random.default_rng(2).random((k, n), np.float32)
                C = np.empty((m, n), np.float32)
                rates = []
                for rep in range(4):
                    calls, t0 = 0, time.perf_counter()
                    while time.perf_counter() - t0 < 0.5:
                        np.matmul(A, B, out=C); calls += 1
                    if rep:
                        rates.append(calls * 2 * m * k * n / (time.perf_counter() - t0) / 1e9)
                rates.sort()
                print(f'workload={name} tool=numpy gflops={rates[1]:.1f} threads={threads}', flush=True)
        else:
            sys.exit(f'compare.py: unknown workload {w!r}; valid: W1, W2, W3a, W3b, GEMM')


if __name__ == '__main__':
    main()
