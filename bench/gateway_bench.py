"""Gateway benchmark: pyzeebe workers and client over real gRPC against the embedded engine.

Process ``start → 3 service tasks → end`` on a durable SQLite engine. The engine and its gateway
run in this process; the pyzeebe workers and the load driver run in a second process (so both
cores work, as they would with separate worker services).

1. Throughput: the driver keeps ``--in-flight`` CreateProcessInstanceWithResult calls open until
   ``--instances`` instances completed → completed instances/s and jobs/s.
2. Latency at half that rate: instances are started at a fixed rate (open loop) for
   ``--latency-seconds``; create→complete latency p50/p99 from the same calls.
3. Job pickup latency (measured in phase 2): from the moment the job became activatable as the
   worker sees it — the instance was created, or the previous task's handler returned — to the
   moment the next handler starts. It covers CompleteJob, the engine step, the long-poll wake-up
   and the activation round trip.

Baseline (Camunda): 100 jobs/s on 3 brokers × 3 vCPU, p99 instance time < 1 s, job push ~14 ms p50 /
~390 ms p99. Target here: ≥ 300 jobs/s on 2 vCPU (workers included), p99 pickup ≤ 50 ms.

The last line is machine-readable::

    gateway_bench: jobs_per_s=<x> instances_per_s=<y> latency_p50_ms=<a> latency_p99_ms=<b> pickup_p50_ms=<c> pickup_p99_ms=<d>
"""

import argparse
import asyncio
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROCESS_ID = "bench-three-steps"
TASKS = ("bench-step1", "bench-step2", "bench-step3")


def _bpmn() -> bytes:
    tasks = "".join(
        f'<bpmn:serviceTask id="t{i}"><bpmn:extensionElements><zeebe:taskDefinition type="{t}" />'
        f"</bpmn:extensionElements></bpmn:serviceTask>"
        for i, t in enumerate(TASKS, 1)
    )
    ids = ["start", "t1", "t2", "t3", "end"]
    sequence = "".join(
        f'<bpmn:sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}" />'
        for i, (a, b) in enumerate(zip(ids[:-1], ids[1:], strict=True))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench" targetNamespace="http://bpmn.io/schema/bpmn">'
        f'<bpmn:process id="{PROCESS_ID}" isExecutable="true"><bpmn:startEvent id="start" />{tasks}'
        f'<bpmn:endEvent id="end" />{sequence}</bpmn:process></bpmn:definitions>'
    ).encode()


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# -- client side (second process) -------------------------------------------------------------
async def _client_main(
    address: str, instances: int, in_flight: int, latency_seconds: float
) -> dict[str, Any]:
    from pyzeebe import ZeebeClient, ZeebeWorker, create_insecure_channel

    pickups: list[float] = []
    record = {"on": False}
    worker = ZeebeWorker(create_insecure_channel(address), name="bench", request_timeout=2000)

    def make_handler(index: int) -> Any:
        previous = "created_ms" if index == 0 else f"done{index - 1}_ms"

        async def handler(**variables: Any) -> dict[str, Any]:
            if record["on"] and previous in variables:
                pickups.append(time.time() * 1000 - variables[previous])
            return {f"done{index}_ms": time.time() * 1000}

        return handler

    for index, task_type in enumerate(TASKS):
        worker.task(task_type=task_type, max_jobs_to_activate=64, max_running_jobs=128, timeout_ms=60_000)(
            make_handler(index)
        )
    work = asyncio.ensure_future(worker.work())
    client = ZeebeClient(create_insecure_channel(address))

    async def one() -> float:
        started = time.perf_counter()
        await client.run_process_with_result(
            PROCESS_ID, {"created_ms": time.time() * 1000}, timeout=60_000, variables_to_fetch=["done2_ms"]
        )
        return (time.perf_counter() - started) * 1000

    await asyncio.gather(*(one() for _ in range(min(20, instances))))  # warm-up
    throughput = await _closed_loop(one, instances, in_flight)
    record["on"] = True
    latencies = await _open_loop(one, throughput / 2, latency_seconds)
    record["on"] = False
    await worker.stop()
    work.cancel()
    return {"instances_per_s": throughput, "latencies": latencies, "pickups": pickups}


async def _closed_loop(one: Any, instances: int, in_flight: int) -> float:
    remaining = instances
    started = time.perf_counter()

    async def lane() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await one()

    await asyncio.gather(*(lane() for _ in range(in_flight)))
    return instances / (time.perf_counter() - started)


async def _open_loop(one: Any, rate: float, seconds: float) -> list[float]:
    tasks = []
    interval = 1 / max(rate, 1e-3)
    started = time.perf_counter()
    n = 0
    while time.perf_counter() - started < seconds:
        tasks.append(asyncio.ensure_future(one()))
        n += 1
        await asyncio.sleep(max(0.0, started + n * interval - time.perf_counter()))
    return list(await asyncio.gather(*tasks))


# -- engine side (this process) ----------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--instances", type=int, default=600)
    parser.add_argument("--in-flight", type=int, default=48)
    parser.add_argument("--latency-seconds", type=float, default=6.0)
    parser.add_argument("--client", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        result = asyncio.run(_client_main(args.client, args.instances, args.in_flight, args.latency_seconds))
        print(json.dumps(result))
        return
    logging.basicConfig(level=logging.WARNING)
    from engine.server import open_engine, run_in_thread

    with tempfile.TemporaryDirectory() as folder:
        engine = open_engine(f"sqlite:///{folder}/bench.db")
        engine.deploy([("bench.bpmn", _bpmn())])
        handle = run_in_thread(engine, port=0)
        try:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--client",
                    handle.address,
                    "--instances",
                    str(args.instances),
                    "--in-flight",
                    str(args.in_flight),
                    "--latency-seconds",
                    str(args.latency_seconds),
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        finally:
            handle.stop()
            engine.close()
    _report(json.loads(out.strip().splitlines()[-1]))


def _report(result: dict[str, Any]) -> None:
    instances_per_s = result["instances_per_s"]
    latencies, pickups = result["latencies"], result["pickups"]
    print(f"instances completed/s (closed loop): {instances_per_s:.1f}")
    print(f"jobs completed/s: {instances_per_s * len(TASKS):.1f}")
    print(
        f"latency at {instances_per_s / 2:.1f} instances/s: n={len(latencies)} "
        f"mean={statistics.fmean(latencies):.1f} ms"
    )
    print(f"job pickups measured: {len(pickups)}")
    print(
        f"gateway_bench: jobs_per_s={instances_per_s * len(TASKS):.1f} instances_per_s={instances_per_s:.1f} "
        f"latency_p50_ms={percentile(latencies, 0.5):.1f} latency_p99_ms={percentile(latencies, 0.99):.1f} "
        f"pickup_p50_ms={percentile(pickups, 0.5):.1f} pickup_p99_ms={percentile(pickups, 0.99):.1f}"
    )


if __name__ == "__main__":
    main()
