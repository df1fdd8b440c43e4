"""Due work at the clock's current instant: timers in due order (cycles re-armed), job time-outs
and back-offs, message expiry."""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from engine.records import TimerIntent
from engine.runtime.behaviors.events import timer_record, trigger
from engine.runtime.state import Timer
from engine.runtime.timers import following

if TYPE_CHECKING:
    from engine.runtime.processor import Processor


def fire_due_timers(p: Processor, limit: int) -> int:
    heap, fired = p.state.timer_heap, 0
    while heap and heap[0][0] <= p.now_ms and fired < limit:
        due, key = heapq.heappop(heap)
        timer = p.state.timers.get(key)
        if timer is None or timer.due_ms != due:
            continue
        fire(p, timer)
        fired += 1
    return fired


def fire(p: Processor, timer: Timer) -> None:
    timer.state = "TRIGGERED"
    p.state.drop_timer(timer)
    timer_record(p, timer, TimerIntent.TRIGGERED)
    if timer.element_instance_key < 0:
        _start_by_timer(p, timer)
    else:
        trigger(p, timer.element_instance_key, timer.target_element_id, {})
        owner = p.state.elements.get(timer.element_instance_key)
        if owner is not None and owner.state == "ELEMENT_ACTIVATED":
            _rearm(p, timer)
    p.drain()


def _start_by_timer(p: Processor, timer: Timer) -> None:
    from engine.runtime.instances import start_instance

    definition = p.registry.get(timer.process_definition_key, "process")
    if definition is None:
        return
    start_instance(p, definition, {}, [timer.target_element_id])
    _rearm(p, timer)


def _rearm(p: Processor, timer: Timer) -> None:
    if timer.repetitions == 1 or (timer.interval is None and timer.cron is None):
        return
    nxt = Timer(
        key=p.state.keys.next(),
        due_ms=following(timer.due_ms, timer.interval, timer.cron, p.now_ms),
        target_element_id=timer.target_element_id,
        element_instance_key=timer.element_instance_key,
        process_instance_key=timer.process_instance_key,
        process_definition_key=timer.process_definition_key,
        bpmn_process_id=timer.bpmn_process_id,
        repetitions=timer.repetitions - 1 if timer.repetitions > 0 else -1,
        interval=timer.interval,
        cron=timer.cron,
    )
    p.state.add_timer(nxt)
    timer_record(p, nxt, TimerIntent.CREATED)


def next_timer_due(p: Processor) -> int | None:
    heap = p.state.timer_heap
    while heap:
        due, key = heap[0]
        timer = p.state.timers.get(key)
        if timer is not None and timer.due_ms == due:
            return due
        heapq.heappop(heap)
    return None
