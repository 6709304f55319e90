"""A drop-in for Polyaxon v0's `polyaxon_client.tracking` when hptune runs the trial.

    from polyaxon_client.tracking import Experiment, get_outputs_path, get_data_paths
    experiment = Experiment()
    experiment.log_metrics(step=epoch, loss=loss, val_loss=val_loss)

Metrics go to hptune (hptune_metrics.py). The calls that talked to a Polyaxon server
(log_params, log_tags, set_description, log_data_ref, log_artifact, ...) are accepted and do
nothing, so unmodified v0 scripts run (docs/commands.md, "The Python module").
"""
import hptune_metrics

__all__ = ['Experiment', 'get_outputs_path', 'get_data_paths', 'get_outputs_refs_paths', 'get_log_level', 'get_params']


def get_outputs_path():
    return hptune_metrics.outputs_path()


def get_data_paths():
    return hptune_metrics.data_paths()


def get_outputs_refs_paths():
    return None


def get_log_level():
    return None


def get_params():
    return hptune_metrics.params()


class Experiment(object):
    """Polyaxon v0's Experiment, as far as a training script uses it."""

    def __init__(self, *args, **kwargs):
        self.experiment_id = _int_env('HPTUNE_TRIAL_ID')
        self.group_id = hptune_metrics.os.environ.get('HPTUNE_GROUP_ID')
        self.params = hptune_metrics.params()

    @property
    def outputs_path(self):
        return hptune_metrics.outputs_path()

    def get_outputs_path(self):
        return hptune_metrics.outputs_path()

    def get_data_paths(self):
        return hptune_metrics.data_paths()

    def log_metrics(self, step=None, **metrics):
        hptune_metrics.send(metrics, step=step)

    def __getattr__(self, name):
        # log_params, log_tags, set_description, log_status, succeeded, ...: server calls, no-ops here.
        if name.startswith('__'):
            raise AttributeError(name)
        return lambda *args, **kwargs: None


def _int_env(name):
    value = hptune_metrics.os.environ.get(name)
    return int(value) if value and value.isdigit() else None
