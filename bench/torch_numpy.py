"""torch_numpy.py -- the other side of `make bench`: the same networks in PyTorch and in numpy.

bench/bench.c starts this worker with /usr/bin/python3 (Debian's python3-torch and python3-numpy
live there) and one BLAS thread, and talks to it one line at a time on stdin/stdout:

    (worker)  info KEY VALUE...        what it runs on: python, torch, numpy, the BLAS, threads
    (worker)  ready
    load TASK FILE   ->  loaded TASK torch ERR numpy ERR   (or: error MESSAGE)
    run TASK IMPL SECONDS SEED   ->  sps SAMPLES_PER_SECOND   (IMPL: torch or numpy)
    quit

A task file (written by bench.c) holds the network, the data, the initial parameters in the
workbook's layout (per layer the weight (H, D) row-major, then the bias) and the reference's
parameters after one step on the first batch. `load` takes that step with each library and
answers with the worst relative difference from the reference: the worker times only networks
that compute what ours computes.

A measurement is what a student would write: PyTorch with nn.Sequential, nn.Linear, the loss
module and optim.SGD (zero_grad, forward, loss, backward, step), eager; numpy with the forward and
backward passes written out. Both shuffle every epoch (randperm / permutation) and take the batch
by indexing, inside the timed loop. Left out on purpose: torch.compile, TorchScript, float32.
"""
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # before numpy loads OpenBLAS
os.environ.setdefault("OMP_NUM_THREADS", "1")


def say(*words):
    print(*words, flush=True)


say("info python", sys.version.split()[0], sys.executable)

try:
    import numpy as np
    say("info numpy", np.__version__)
except ImportError as e:
    np = None
    say("info numpy missing (%s)" % e)

try:
    import torch
    torch.set_num_threads(1)
    if np is None:
        torch = None
        say("info torch missing (the task files are read with numpy)")
    else:
        say("info torch", torch.__version__, "threads", torch.get_num_threads())
except ImportError as e:
    torch = None
    say("info torch missing (%s)" % e)


def blas_report():
    """Which BLAS numpy loaded, its kernel (core) and threads: threadpoolctl when installed,
    else the BLAS libraries mapped into this process and OpenBLAS's own answers."""
    if np is None:
        return "none (no numpy)"
    np.ones((4, 4)) @ np.ones((4, 4))                # make sure the BLAS is loaded
    try:
        from threadpoolctl import threadpool_info
        found = ["%s %s %s, %s threads (%s)" % (i.get("internal_api"), i.get("version"),
                 i.get("architecture"), i.get("num_threads"), i.get("filepath"))
                 for i in threadpool_info() if i.get("user_api") == "blas"]
        if found:
            return "; ".join(found) + " [threadpoolctl]"
    except ImportError:
        pass
    import ctypes
    libs = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "blas" in os.path.basename(path).lower() and path not in libs:
                libs.append(path)
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return "%s, kernel %s, %d thread(s) (%s)" % (
                lib.openblas_get_config().decode(), lib.openblas_get_corename().decode(),
                lib.openblas_get_num_threads(), os.path.realpath(path))
        except (OSError, AttributeError):
            continue
    if libs:
        return "not OpenBLAS: %s -- the reference BLAS is slow; install libopenblas0-pthread" % (
            ", ".join(os.path.realpath(p) for p in libs))
    return "no BLAS library found in the process"


say("info blas", blas_report(), "| OPENBLAS_CORETYPE=%s" % os.environ.get("OPENBLAS_CORETYPE", "(unset)"))
say("ready")


# ---------------------------------------------------------------- tasks

class Task:
    """A task file: the network, the data, and the reference's first step."""

    def __init__(self, path):
        rows, fields = [], {}
        with open(path) as f:
            for line in f:
                key, _, rest = line.partition(" ")
                if key == "x":
                    rows.append([float(v) for v in rest.split()])
                else:
                    fields[key] = rest.split()
        self.name = fields["name"][0]
        self.act = fields["act"][0]
        self.loss = fields["loss"][0]
        self.batch = int(fields["batch"][0])
        self.lr = float(fields["lr"][0])
        self.sizes = [int(v) for v in fields["sizes"]]
        self.x = np.array(rows, dtype=np.float64)
        self.y = np.array([int(v) for v in fields["y"]], dtype=np.int64)
        self.init = np.array([float(v) for v in fields["init"]])
        self.step = np.array([float(v) for v in fields["step"]])
        assert self.x.shape == (int(fields["n"][0]), self.sizes[0]), "bad x in " + path

    def layers(self, flat):
        """Splits a flat parameter vector (the workbook's layout) into [(W (H, D), b (H))]."""
        out, k = [], 0
        for D, H in zip(self.sizes[:-1], self.sizes[1:]):
            W = flat[k:k + H * D].reshape(H, D).copy()
            k += H * D
            out.append((W, flat[k:k + H].copy()))
            k += H
        return out


def worst_rel(a, b):
    diff = np.abs(a - b)
    scale = np.maximum(np.abs(a), np.abs(b))
    rel = np.where(diff == 0, 0.0, diff / np.where(scale == 0, 1.0, scale))
    return float(rel.max())


# ---------------------------------------------------------------- numpy, backprop by hand

class NumpyMLP:
    def __init__(self, task):
        self.task = task
        self.reset()

    def reset(self):
        self.params = self.task.layers(self.task.init)

    def flat(self):
        return np.concatenate([np.concatenate([W.ravel(), b]) for W, b in self.params])

    def step(self, xb, yb):
        t, lr, N = self.task, self.task.lr, len(xb)
        # forward, keeping every layer's output
        acts = [xb]
        for l, (W, b) in enumerate(self.params):
            z = acts[-1] @ W.T + b
            if l < len(self.params) - 1:
                if t.act == "tanh":
                    z = np.tanh(z)
                elif t.act == "sigmoid":
                    z = 1.0 / (1.0 + np.exp(-z))
                else:
                    z = np.maximum(z, 0.0)
            acts.append(z)
        z = acts[-1]
        # the loss and its gradient with respect to the logits
        if t.loss == "bce":
            y = yb.reshape(N, 1).astype(np.float64)
            loss = np.mean(np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z))))
            d = (1.0 / (1.0 + np.exp(-z)) - y) / N
        else:
            shifted = z - z.max(axis=1, keepdims=True)
            e = np.exp(shifted)
            s = e.sum(axis=1, keepdims=True)
            rows = np.arange(N)
            loss = np.mean(np.log(s[:, 0]) - shifted[rows, yb])
            d = e / s
            d[rows, yb] -= 1.0
            d /= N
        # backward, layer by layer, then the update
        for l in range(len(self.params) - 1, -1, -1):
            W, b = self.params[l]
            dW = d.T @ acts[l]
            db = d.sum(axis=0)
            if l > 0:
                a = acts[l]
                d = d @ W
                if t.act == "tanh":
                    d *= 1.0 - a * a
                elif t.act == "sigmoid":
                    d *= a * (1.0 - a)
                else:
                    d *= a > 0
            W -= lr * dW
            b -= lr * db
        return loss

    def epoch(self, rng):
        t, B = self.task, self.task.batch
        perm = rng.permutation(len(t.x))
        total = 0.0
        for s in range(0, len(perm), B):
            idx = perm[s:s + B]
            total += len(idx) * self.step(t.x[idx], t.y[idx])
        return total / len(perm)


# ---------------------------------------------------------------- PyTorch, eager

class TorchMLP:
    def __init__(self, task):
        nn = torch.nn
        self.task = task
        act = {"tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "relu": nn.ReLU}[task.act]
        mods = []
        for l, (D, H) in enumerate(zip(task.sizes[:-1], task.sizes[1:])):
            mods.append(nn.Linear(D, H).double())
            if l < len(task.sizes) - 2:
                mods.append(act())
        self.model = nn.Sequential(*mods)
        self.linears = [m for m in mods if isinstance(m, nn.Linear)]
        if task.loss == "bce":
            self.loss_fn = nn.BCEWithLogitsLoss()
            self.Y = torch.from_numpy(task.y.astype(np.float64)).reshape(-1, 1)
        else:
            self.loss_fn = nn.CrossEntropyLoss()
            self.Y = torch.from_numpy(task.y)
        self.X = torch.from_numpy(task.x)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=task.lr)
        self.reset()

    def reset(self):
        with torch.no_grad():
            for lin, (W, b) in zip(self.linears, self.task.layers(self.task.init)):
                lin.weight.copy_(torch.from_numpy(W))
                lin.bias.copy_(torch.from_numpy(b))

    def flat(self):
        return np.concatenate([np.concatenate([lin.weight.detach().numpy().ravel(),
                                               lin.bias.detach().numpy()]) for lin in self.linears])

    def step(self, xb, yb):
        self.opt.zero_grad()
        loss = self.loss_fn(self.model(xb), yb)
        loss.backward()
        self.opt.step()
        return loss.item()

    def epoch(self, gen):
        B, n = self.task.batch, len(self.X)
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for s in range(0, n, B):
            idx = perm[s:s + B]
            total += len(idx) * self.step(self.X[idx], self.Y[idx])
        return total / n


# ---------------------------------------------------------------- the loop

def measure(trainer, seconds, seed, use_torch):
    """Samples per second over whole epochs, after one untimed warm-up epoch."""
    trainer.reset()
    if use_torch:
        rng = torch.Generator()
        rng.manual_seed(seed)
    else:
        rng = np.random.default_rng(seed)
    n = len(trainer.task.x)
    loss = trainer.epoch(rng)                                  # warm-up
    samples, start = 0, time.perf_counter()
    while True:
        loss = trainer.epoch(rng)
        samples += n
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    if not np.isfinite(loss):
        raise ValueError("the loss is not finite (%r)" % loss)
    return samples / elapsed


def main():
    trainers = {}
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        try:
            if cmd[0] == "quit":
                return
            elif cmd[0] == "load":
                task = Task(cmd[2])
                report = []
                for key, cls, ok in (("torch", TorchMLP, torch is not None),
                                     ("numpy", NumpyMLP, np is not None)):
                    if not ok:
                        report.append("%s missing" % key)
                        continue
                    tr = cls(task)
                    B = task.batch
                    if key == "torch":
                        tr.step(tr.X[:B], tr.Y[:B])
                    else:
                        tr.step(task.x[:B], task.y[:B])
                    err = worst_rel(tr.flat(), task.step)
                    if not err <= 1e-9:
                        raise ValueError("%s's first step differs from the reference's by %.1e "
                                         "(relative; allowed 1e-9)" % (key, err))
                    trainers[(task.name, key)] = tr
                    report.append("%s %.1e" % (key, err))
                say("loaded", task.name, " ".join(report))
            elif cmd[0] == "run":
                name, impl, seconds, seed = cmd[1], cmd[2], float(cmd[3]), int(cmd[4])
                tr = trainers.get((name, impl))
                if tr is None:
                    raise ValueError("no %s trainer loaded for %s" % (impl, name))
                say("sps %.9g" % measure(tr, seconds, seed, impl == "torch"))
            else:
                raise ValueError("unknown command %r" % cmd[0])
        except Exception as e:   # the answer says what went wrong; bench.c stops with it
            say("error %s: %s" % (type(e).__name__, str(e).replace("\n", " ")))


if __name__ == "__main__":
    main()
