"""A pyzeebe worker that takes one ``work`` job, reports its key on stdout and then hangs.

Run as ``python -m tests.engine.gateway.stuck_worker HOST:PORT TIMEOUT_MS``; the test kills it with
SIGKILL mid-job to prove the job is handed to another worker after its timeout.
"""

import asyncio
import sys

from pyzeebe import Job, ZeebeWorker, create_insecure_channel


async def main(address: str, timeout_ms: int) -> None:
    worker = ZeebeWorker(create_insecure_channel(address), name="doomed", request_timeout=1000)
    hang = asyncio.Event()

    @worker.task(task_type="work", timeout_ms=timeout_ms, max_jobs_to_activate=1, max_running_jobs=1)
    async def work(job: Job) -> dict[str, object]:
        print(f"got {job.key} {job.deadline}", flush=True)
        await hang.wait()
        return {}

    await worker.work()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
