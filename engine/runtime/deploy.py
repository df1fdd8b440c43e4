"""Deployment and resource deletion: BPMN, DMN and form resources, versions per id, Zeebe's
duplicate check, and the start events (timer, message, signal) of the latest process versions.

All resources of one deployment go in together or not at all; every problem of every resource
is reported in one :class:`DeploymentInvalid`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.api import (
    DeployedDecision,
    DeployedDecisionRequirements,
    DeployedForm,
    DeployedProcess,
    Deployment,
)
from engine.errors import DeploymentInvalid, InvalidArgument, InvalidState, NotFound
from engine.model.elements import ElementType, EventType, Process
from engine.records import DeploymentIntent, ResourceIntent, ValueType
from engine.runtime.definitions import Resource
from engine.runtime.expressions import ExpressionFailure, evaluate
from engine.runtime.state import Subscription, Timer
from engine.runtime.support import unsupported
from engine.runtime.timers import schedule

if TYPE_CHECKING:
    from engine.runtime.processor import Processor

BPMN_SUFFIXES = (".bpmn", ".xml")


@dataclass
class Parsed:
    processes: list[tuple[str, bytes, Process]] = field(default_factory=list)
    drgs: list[tuple[str, bytes, Any]] = field(default_factory=list)
    forms: list[tuple[str, bytes, str, str | None]] = field(default_factory=list)


def _parse_form(name: str, content: bytes) -> tuple[str, str | None]:
    from engine.forms import parse_form

    form = parse_form(content, name)
    return form.form_id, form.version_tag


def parse_resources(resources: list[tuple[str, bytes]]) -> Parsed:
    """Parse and validate every resource; raises one DeploymentInvalid listing all problems."""
    if not resources:
        raise InvalidArgument(
            intent="CREATE", reason="Expected to deploy at least one resource, but none given"
        )
    from engine.dmn import parse_dmn
    from engine.model.parser import parse_bpmn

    parsed, problems, seen = Parsed(), [], set()
    for name, content in resources:
        try:
            if name.endswith(BPMN_SUFFIXES):
                for process in parse_bpmn(content, name):
                    problems += [
                        f"'{name}': - Element: {eid}\n    - ERROR: {msg}" for eid, msg in unsupported(process)
                    ]
                    if process.id in seen:
                        problems.append(f"'{name}': Duplicated process id in resources '{process.id}'")
                    seen.add(process.id)
                    parsed.processes.append((name, content, process))
            elif name.endswith(".dmn"):
                parsed.drgs.append((name, content, parse_dmn(content, name)))
            elif name.endswith(".form"):
                form_id, tag = _parse_form(name, content)
                parsed.forms.append((name, content, form_id, tag))
            else:
                problems.append(
                    f"'{name}': Expected to deploy a resource of type BPMN, DMN or form, but the file name ends differently"
                )
        except DeploymentInvalid as exc:
            problems += exc.problems
        except Exception as exc:  # DMN parser errors and the like carry their own message
            problems.append(f"'{name}': {getattr(exc, 'problems', None) or exc}")
    if problems:
        raise DeploymentInvalid(problems=problems)
    return parsed


def _checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _resource_record(p: Processor, res: Resource, intent: ResourceIntent) -> None:
    value_type = {
        "process": ValueType.PROCESS,
        "drg": ValueType.DECISION_REQUIREMENTS,
        "decision": ValueType.DECISION,
    }.get(res.kind, ValueType.FORM)
    p.state.record(
        value_type,
        intent,
        res.key,
        p.now_ms,
        {
            "resourceId": res.resource_id,
            "version": res.version,
            "key": res.key,
            "resourceName": res.resource_name,
            "checksum": res.checksum,
            "deploymentKey": res.deployment_key,
            "tenantId": "<default>",
        },
    )


class Deployer:
    """Applies a parsed deployment to the registry; new resources are listed in ``created``."""

    def __init__(self, p: Processor) -> None:
        self.p = p
        self.created: list[Resource] = []
        self.changed: list[Resource] = []

    def _new(
        self,
        kind: str,
        rid: str,
        name: str | None,
        res_name: str,
        content: bytes,
        deployment: int,
        parent: int = -1,
        tag: str | None = None,
        model: Any = None,
    ) -> Resource:
        p = self.p
        res = Resource(
            key=p.state.keys.next(),
            kind=kind,
            resource_id=rid,
            version=p.registry.next_version(kind, rid),
            name=name,
            resource_name=res_name,
            checksum=_checksum(content),
            content=content,
            deployment_key=deployment,
            parent_key=parent,
            deployed_ms=p.now_ms,
            version_tag=tag,
            model=model,
        )
        p.registry.add(res)
        self.created.append(res)
        _resource_record(p, res, ResourceIntent.CREATED)
        return res

    def _existing(self, kind: str, rid: str, res_name: str, content: bytes) -> Resource | None:
        latest = self.p.registry.latest(kind, rid)
        if latest is not None and latest.checksum == _checksum(content) and latest.resource_name == res_name:
            return latest
        return None

    def deploy(self, parsed: Parsed) -> Deployment:
        p = self.p
        key = p.state.keys.next()
        processes = [
            self._process(name, content, process, key) for name, content, process in parsed.processes
        ]
        drgs: list[DeployedDecisionRequirements] = []
        decisions: list[DeployedDecision] = []
        for name, content, drg in parsed.drgs:
            drgs.append(self._drg(name, content, drg, key, decisions))
        forms = [self._form(name, content, form_id, tag, key) for name, content, form_id, tag in parsed.forms]
        p.state.record(
            ValueType.DEPLOYMENT,
            DeploymentIntent.CREATED,
            key,
            p.now_ms,
            {"resources": [r.resource_name for r in self.created]},
        )
        return Deployment(key, tuple(processes), tuple(decisions), tuple(drgs), tuple(forms))

    def _process(self, name: str, content: bytes, process: Process, key: int) -> DeployedProcess:
        """A new version (start events moved over from the previous one), or the identical latest."""
        p = self.p
        res = self._existing("process", process.id, name, content)
        if res is None:
            previous = p.registry.latest("process", process.id)
            res = self._new(
                "process",
                process.id,
                process.name,
                name,
                content,
                key,
                tag=process.version_tag,
                model=process,
            )
            if previous is not None:
                close_start_events(p, previous)
            open_start_events(p, res)
        return DeployedProcess(res.resource_id, res.version, res.key, res.resource_name)

    def _drg(
        self, name: str, content: bytes, drg: Any, key: int, decisions: list[DeployedDecision]
    ) -> DeployedDecisionRequirements:
        res = self._existing("drg", drg.id, name, content)
        fresh = res is None
        if res is None:
            res = self._new("drg", drg.id, drg.name, name, content, key, model=drg)
        for decision in drg.decisions.values():
            dres: Resource | None
            if fresh:
                dres = self._new("decision", decision.id, decision.name, name, content, key, parent=res.key)
            else:
                dres = self.p.registry.latest("decision", decision.id)
            if dres is not None:
                decisions.append(
                    DeployedDecision(
                        dres.resource_id, dres.name or "", dres.version, dres.key, res.resource_id, res.key
                    )
                )
        return DeployedDecisionRequirements(
            res.resource_id, res.name or "", res.version, res.key, res.resource_name
        )

    def _form(self, name: str, content: bytes, form_id: str, tag: str | None, key: int) -> DeployedForm:
        res = self._existing("form", form_id, name, content) or self._new(
            "form", form_id, None, name, content, key, tag=tag
        )
        return DeployedForm(res.resource_id, res.version, res.key, res.resource_name)

    def delete(self, key: int) -> None:
        p = self.p
        res = p.registry.get(key)
        if res is None or res.kind == "decision":
            raise NotFound(
                intent="DELETE", reason=f"Expected to delete resource but no resource found with key `{key}`"
            )
        if res.kind == "process":
            if any(ei.process_definition_key == key for ei in p.state.elements.values()):
                raise InvalidState(
                    intent="DELETE",
                    reason=f"Expected to delete resource with key `{key}` but there are still running instances",
                )
            was_latest = p.registry.latest("process", res.resource_id) is res
            if was_latest:
                close_start_events(p, res)
            self._mark_deleted(res)
            if was_latest:
                previous = p.registry.latest("process", res.resource_id)
                if previous is not None:
                    open_start_events(p, previous)
            return
        self._mark_deleted(res)
        if res.kind == "drg":
            for decision in [r for r in p.registry.by_key.values() if r.parent_key == res.key]:
                self._mark_deleted(decision)

    def _mark_deleted(self, res: Resource) -> None:
        res.deleted = True
        self.changed.append(res)
        _resource_record(self.p, res, ResourceIntent.DELETED)


def open_start_events(p: Processor, res: Resource) -> None:
    """Open the timer/message/signal start events of the (new) latest version ``res``."""
    process = res.process
    for start in process.start_events(process.id):
        event = start.event
        if event is None:
            continue
        if event.type is EventType.TIMER and event.timer is not None:
            _start_timer(p, res, start.id, event.timer.kind, event.timer.expression)
        elif event.type in (EventType.MESSAGE, EventType.SIGNAL):
            name = event.message.name if event.message else event.signal.name if event.signal else ""
            if name.startswith("="):
                try:
                    name = str(evaluate(name, {}))
                except ExpressionFailure:
                    continue
            sub = Subscription(
                p.state.keys.next(),
                "message" if event.type is EventType.MESSAGE else "signal",
                name,
                "",
                start.id,
                -1,
                -1,
                res.key,
                res.resource_id,
                True,
                True,
            )
            p.state.add_subscription(sub)
            from engine.records import SubscriptionIntent
            from engine.runtime.behaviors.events import subscription_record

            subscription_record(p, sub, SubscriptionIntent.CREATED)


def _start_timer(
    p: Processor, res: Resource, element_id: str, kind: Any, expression: str, after_ms: int | None = None
) -> None:
    from engine.records import TimerIntent
    from engine.runtime.behaviors.events import timer_record

    try:
        sched = schedule(kind, evaluate(expression, {}, native=True), p.now_ms)
    except ExpressionFailure:
        return
    timer = Timer(
        p.state.keys.next(),
        sched.due_ms,
        element_id,
        -1,
        -1,
        res.key,
        res.resource_id,
        sched.repetitions,
        sched.interval,
        sched.cron,
    )
    p.state.add_timer(timer)
    timer_record(p, timer, TimerIntent.CREATED)


def close_start_events(p: Processor, res: Resource) -> None:
    from engine.runtime.behaviors.events import close_timer_or_subscription

    for entity in p.state.owned_by(-1):
        if entity.process_definition_key == res.key:
            close_timer_or_subscription(p, entity)


def is_start_scope(element_type: str) -> bool:
    return element_type == ElementType.PROCESS
