"""A drop-in for Polyaxon v0's `polyaxon_helper` (the 0.1-0.3 helper) when hptune runs the trial.

    from polyaxon_helper import send_metrics, get_outputs_path
    send_metrics(loss=0.2, accuracy=0.9)

send_metrics has no step: each call is the next step (docs/commands.md).
"""
import hptune_metrics
from polyaxon_client.tracking import get_data_paths, get_log_level, get_outputs_path, get_params

__all__ = ['send_metrics', 'get_outputs_path', 'get_data_paths', 'get_declarations', 'get_params', 'get_log_level',
           'get_cluster_def', 'get_task_info', 'get_tf_config', 'get_experiment_info']


def send_metrics(**metrics):
    hptune_metrics.send(metrics)


def get_declarations():
    return hptune_metrics.params()


def get_cluster_def():
    """No cluster: hptune runs one process per trial."""
    return None


get_task_info = get_tf_config = get_experiment_info = lambda *args, **kwargs: None
