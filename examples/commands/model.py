"""A Polyaxon v0-style training script: logistic regression with SGD, reported through
polyaxon_client.tracking exactly as v0 examples did. numpy only, so it runs as is.

    python3 model.py --learning_rate=0.1 --l2=0.001 --epochs=20
"""
import argparse
import os

import numpy as np
from polyaxon_client.tracking import Experiment, get_outputs_path

parser = argparse.ArgumentParser()
parser.add_argument('--learning_rate', type=float, default=0.1)
parser.add_argument('--l2', type=float, default=0.0)
parser.add_argument('--batch_size', type=int, default=32)
parser.add_argument('--epochs', type=int, default=20)
args = parser.parse_args()

experiment = Experiment()
experiment.log_params(**vars(args))

# Two noisy interleaved half-moons, the same for every trial.
rng = np.random.default_rng(0)
n = 600
t = rng.uniform(0, np.pi, n)
label = rng.integers(0, 2, n)
x = np.stack([np.cos(t) + label * 1.0, np.sin(t) * (1 - 2 * label) + label * 0.5], axis=1) + rng.normal(0, 0.2, (n, 2))
features = np.concatenate([x, x ** 2, x[:, :1] * x[:, 1:], np.ones((n, 1))], axis=1)
train, valid = slice(0, 480), slice(480, n)


def loss_and_accuracy(w, part):
    p = 1 / (1 + np.exp(-features[part] @ w))
    y = label[part]
    loss = -np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))
    return float(loss), float(np.mean((p > 0.5) == y))


w = np.zeros(features.shape[1])
order = np.random.default_rng(1)
for epoch in range(1, args.epochs + 1):
    idx = order.permutation(480)
    for start in range(0, 480, args.batch_size):
        b = idx[start:start + args.batch_size]
        p = 1 / (1 + np.exp(-features[b] @ w))
        w -= args.learning_rate * (features[b].T @ (p - label[b]) / len(b) + args.l2 * w)
    loss, _ = loss_and_accuracy(w, train)
    val_loss, val_accuracy = loss_and_accuracy(w, valid)
    experiment.log_metrics(step=epoch, loss=loss, val_loss=val_loss, val_accuracy=val_accuracy)

np.save(os.path.join(get_outputs_path(), 'weights.npy'), w)
