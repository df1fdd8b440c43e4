"""Many workers competing for the same jobs; a worker killed mid-job."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyzeebe import Job, ZeebeClient

from engine.query import InstanceState
from engine.server import ServerHandle
from tests.engine.gateway.conftest import BPMN, RunningWorker, eventually

ROOT = Path(__file__).resolve().parents[3]
INSTANCES = 60
WORKERS = 20


async def test_twenty_workers_complete_every_job_exactly_once(
    client: ZeebeClient, workers: Callable[..., RunningWorker], real_engine: Any
) -> None:
    await client.deploy_resource(str(BPMN / "single-task.bpmn"))
    handled: list[tuple[int, str]] = []
    for index in range(WORKERS):
        worker = workers(f"w{index:02d}")
        name = f"w{index:02d}"

        @worker.worker.task(task_type="work", timeout_ms=60_000, max_jobs_to_activate=4)
        async def work(job: Job, _name: str = name) -> dict[str, Any]:
            handled.append((job.key, _name))
            await asyncio.sleep(0)  # yield so other workers interleave
            return {"by": _name}

        worker.start()
    created = [await client.run_process("gw-single", {"n": n}) for n in range(INSTANCES)]
    keys = [c.process_instance_key for c in created]
    await eventually(
        lambda: all(real_engine.process_instance(k).state == InstanceState.COMPLETED for k in keys),
        timeout_s=60,
    )
    per_job = Counter(job_key for job_key, _ in handled)
    assert len(per_job) == INSTANCES
    assert max(per_job.values()) == 1, "a job was handed to two workers"
    assert len({name for _, name in handled}) > 1, "the work was spread over several workers"


def _read_line(stream: Any, timeout_s: float) -> str:
    """Read one line from the subprocess with a deadline (the pipe is non-blocking)."""
    deadline = time.monotonic() + timeout_s
    buffer = b""
    while time.monotonic() < deadline:
        try:
            chunk = os.read(stream.fileno(), 1024)
        except BlockingIOError:
            chunk = b""
        buffer += chunk
        if b"\n" in buffer:
            return buffer.split(b"\n", 1)[0].decode()
        if not chunk:
            time.sleep(0.02)  # polling a pipe; no engine time is skipped here
    raise AssertionError(f"no output from the worker within {timeout_s}s: {buffer!r}")


async def test_job_of_a_killed_worker_is_reactivated_after_its_timeout(
    client: ZeebeClient, served: ServerHandle, workers: Callable[..., RunningWorker], real_engine: Any
) -> None:
    await client.deploy_resource(str(BPMN / "single-task.bpmn"))
    created = await client.run_process("gw-single", {})
    timeout_ms = 1500
    doomed = subprocess.Popen(
        [sys.executable, "-m", "tests.engine.gateway.stuck_worker", served.address, str(timeout_ms)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        os.set_blocking(doomed.stdout.fileno(), False)  # type: ignore[union-attr]
        line = await asyncio.to_thread(_read_line, doomed.stdout, 30)
        _, key_text, deadline_text = line.split()
        stolen_key, deadline_ms = int(key_text), int(deadline_text)
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
    finally:
        if doomed.poll() is None:
            doomed.kill()
    redelivered: list[tuple[int, float]] = []
    rescuer = workers("rescuer")

    @rescuer.worker.task(task_type="work")
    async def work(job: Job) -> dict[str, Any]:
        redelivered.append((job.key, time.time() * 1000))
        return {}

    rescuer.start()
    await eventually(
        lambda: real_engine.process_instance(created.process_instance_key).state == InstanceState.COMPLETED
    )
    assert [key for key, _ in redelivered] == [stolen_key]
    assert redelivered[0][1] >= deadline_ms, "re-activated only after the first worker's deadline"
