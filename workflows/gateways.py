"""The flows' gateways: a Switch and an If that route without a task of
their own.

Viewflow's gateways make a task row for every pass (an INSERT of the task,
one of its link to the task before, a savepoint and the UPDATE that
finishes it): a quarter of a relief case's queries, kept only to be
finished at once. These decide when the step before them creates its next
task, from that step's activation (``activation.process`` is the case the
step holds under its lock), and hand over to the chosen node directly: the
next human task links to the one before it. The graph, the chart and the
conditions are viewflow's, unchanged; a gateway passed before this module
existed keeps its finished task, which nothing reads."""

from __future__ import annotations

from typing import Any

from viewflow.workflow import flow
from viewflow.workflow.exceptions import FlowRuntimeError


class _Routing:
    """``_create`` of a gateway: create the chosen node's task instead."""

    def _chosen(self, activation: Any) -> tuple[Any, Any, Any]:
        """The next node and its data and seed for ``activation``."""
        raise NotImplementedError

    def _create(self, prev_activation: Any, token: Any, data: Any = None, seed: Any = None) -> Any:
        node, node_data, node_seed = self._chosen(prev_activation)
        return node._create(
            prev_activation,
            token,
            data=data if node_data is None else node_data,
            seed=seed if node_seed is None else node_seed,
        )


class Switch(_Routing, flow.Switch):
    """The first case whose condition holds, else the default."""

    def _chosen(self, activation: Any) -> tuple[Any, Any, Any]:
        default = None
        for node, condition in self._branches:
            if condition is None:
                default = default or node
            elif condition(activation):
                return node, None, None
        if default is None:
            raise FlowRuntimeError(f"no next task available for {self.name}")
        return default, None, None


class If(_Routing, flow.If):
    """``Then`` when the condition holds, else ``Else``."""

    def _chosen(self, activation: Any) -> tuple[Any, Any, Any]:
        if self._condition(activation):
            node, data, seed = self._on_true, self._on_true_data, self._on_true_seed
        else:
            node, data, seed = self._on_false, self._on_false_data, self._on_false_seed
        return (
            node,
            data(activation) if data else None,
            seed(activation) if seed else None,
        )
