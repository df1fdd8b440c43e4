"""A fund worker that dies (SIGKILL) right after its posting committed, before the job completes.

Run as ``python doomed_fund_worker.py GATEWAY SERVICES_DB_URL``. No ``from __future__`` import:
pyzeebe injects ``Job`` by comparing annotation objects.
"""

import asyncio
import os
import signal
import sys
from typing import Any

from pyzeebe import Job, ZeebeWorker, create_insecure_channel

from services.clock import SystemClock
from services.db import Database
from workers import fund
from workers.context import WorkerContext
from workers.jobs import outcome_handler


async def main(address: str, db_url: str) -> None:
    ctx = WorkerContext(db=Database(db_url, run_migrations=False), clock=SystemClock())
    real = next(t for t in fund.router(ctx).tasks if t.type == "xdt.fund.compensate").original_function
    worker = ZeebeWorker(create_insecure_channel(address), name="doomed", exception_handler=outcome_handler)

    @worker.task(task_type="xdt.fund.compensate", timeout_ms=60_000)
    def compensate(job: Job) -> dict[str, Any]:
        real(job)
        os.kill(os.getpid(), signal.SIGKILL)
        return {}

    await worker.work()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
