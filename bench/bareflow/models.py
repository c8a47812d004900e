from viewflow.workflow.models import Process


class BareProcess(Process):
    """Viewflow's own process row, nothing added."""

    class Meta:
        proxy = True
