"""How much identical processes differ on the same bare forward: the spread a child-process
baseline carries.

Three child processes load the same zoo model with the same weights and time
``model(x)`` under ``torch.no_grad`` on the same inputs, one after another, the order
rotating each round so that none gains from its place in the turn. Printed: each
child's median, and its ratio to the fastest child. With no spread every ratio would be
1.00×; ``bench_zoo.py`` compares the app with one such child, started after the app.
Run: python benchmarks/bench_process_spread.py [--model alexnet] [--rounds 40] [--children 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from benchmarks.stats import percentile

WARM_UP = 5
PAUSE_S = 0.004  # between two forwards, as the app's handlers and painting leave between two inputs


def serve(connection: Connection, model: str) -> None:
    """Child: build the model (seeded: every child holds the same weights), time each input."""
    import torch

    from cnnviz.core.zoo import load_zoo_source

    torch.manual_seed(0)
    module = load_zoo_source(f"zoo:{model}").module.eval()
    connection.send("ready")
    while (x := connection.recv()) is not None:
        start = time.perf_counter()
        with torch.no_grad():
            module(torch.from_numpy(x)[None])
        connection.send(time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="alexnet")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--children", type=int, default=3)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    children = []
    for _ in range(args.children):  # started one after another, each ready before the next starts
        ours, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs, args.model))
        process.start()
        if ours.recv() != "ready":
            raise RuntimeError("a child could not load the model")
        children.append((ours, process))
    rng = np.random.default_rng(0)
    times: list[list[float]] = [[] for _ in children]
    try:
        for index in range(WARM_UP + args.rounds):
            x = rng.standard_normal((3, 224, 224), dtype=np.float32)
            for offset in range(len(children)):
                which = (index + offset) % len(children)
                children[which][0].send(x)
                seconds = children[which][0].recv()
                if index >= WARM_UP:
                    times[which].append(seconds)
                time.sleep(PAUSE_S)
    finally:
        for connection, process in children:
            connection.send(None)
            process.join()
    medians = [percentile(samples, 50) for samples in times]
    fastest = min(medians)
    print(f"{args.model}: {args.rounds} rounds, children in the order they were started")
    for number, median in enumerate(medians, 1):
        print(f"child {number}: median {1000 * median:6.2f} ms   {median / fastest:5.3f}× the fastest")


if __name__ == "__main__":
    main()
