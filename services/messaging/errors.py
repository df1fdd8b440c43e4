"""Why a message did not reach the engine, in a form the API, the CLI and the outbox can act on."""

from __future__ import annotations

from services.errors import ServiceError


class PublishFailed(ServiceError):
    """The gateway did not accept a message; the event that produced it stays unpublished.

    ``retryable`` tells a passing condition (gateway down, overloaded, deadline exceeded, token
    refused) from a refusal that repeats until someone changes something (bad variables).
    """

    code = "publish_failed"

    def __init__(
        self, *, message_name: str, message_id: str, status: str, detail: str, retryable: bool
    ) -> None:
        super().__init__(
            f"message {message_name!r} (id {message_id!r}) was not published: {status}: {detail}",
            message_name=message_name,
            message_id=message_id,
            status=status,
            retryable=retryable,
        )
        self.status = status
        self.retryable = retryable


class StartFailed(ServiceError):
    """The gateway did not create a process instance; the start stays pending in the outbox.

    ``retryable`` as for :class:`PublishFailed`: a passing condition, or a refusal (an unknown
    process id, bad variables) that repeats until someone deploys or fixes something.
    """

    code = "start_failed"

    def __init__(
        self, *, bpmn_process_id: str, business_key: str, status: str, detail: str, retryable: bool
    ) -> None:
        super().__init__(
            f"process {bpmn_process_id!r} (start {business_key!r}) was not started: {status}: {detail}",
            bpmn_process_id=bpmn_process_id,
            business_key=business_key,
            status=status,
            retryable=retryable,
        )
        self.status = status
        self.retryable = retryable
