"""The 2-H-2 sigmoid network: data, forward pass, backward pass, one update. numpy only.

Shapes: N observations, 2 inputs, H hidden units, 2 outputs. Row vectors throughout, as in
the article: z1 = X W1 + b1, so X is (N, 2), W1 is (2, H), W2 is (H, 2).

Loss (squared error with L2 on the weights, biases not regularized):

    L = 1/(2N) sum_n ||y_n - h2_n||^2 + reg/(2N) (||W1||^2 + ||W2||^2)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from figgen.config import DataConfig, NetworkConfig


# --8<-- [start:data]
def make_xor_data(config: DataConfig) -> tuple[np.ndarray, np.ndarray]:
    """Return X (N, 2) standard-normal points and one-hot labels y (N, 2).

    The label is XOR(x1 > 0, x2 > 0); class 0 is encoded [1, 0] and class 1 is [0, 1].
    """
    rng = np.random.RandomState(config.seed)
    X = rng.randn(config.n_points, 2)  # (N, 2)
    label = np.logical_xor(X[:, 0] > 0, X[:, 1] > 0).astype(int)  # (N,)
    y = np.eye(2)[label]  # (N, 2): row `label` of the identity is the one-hot code
    return X, y
# --8<-- [end:data]


@dataclass(frozen=True)
class Params:
    """The trainable parameters. b1 and b2 are zero (and stay zero) in a network without bias."""

    W1: np.ndarray  # (2, H)
    b1: np.ndarray  # (H,)
    W2: np.ndarray  # (H, 2)
    b2: np.ndarray  # (2,)


# --8<-- [start:init]
def init_params(config: NetworkConfig) -> Params:
    """Draw W1 then W2 from one RandomState, uniform in +-1/sqrt(fan_in); biases start at zero."""
    rng = np.random.RandomState(config.weight_seed)
    H = config.hidden
    W1 = (2 * rng.random_sample((2, H)) - 1) / np.sqrt(2)  # (2, H)
    W2 = (2 * rng.random_sample((H, 2)) - 1) / np.sqrt(H)  # (H, 2)
    return Params(W1=W1, b1=np.zeros(H), W2=W2, b2=np.zeros(2))
# --8<-- [end:init]


# --8<-- [start:sigmoid]
def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)), without overflow: exp is only ever taken of a non-positive number."""
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(float)
    e = np.exp(-np.abs(z))  # in (0, 1], never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(h: np.ndarray) -> np.ndarray:
    """Derivative of the sigmoid, written in terms of its output h = sigmoid(z): h (1 - h)."""
    return h * (1.0 - h)
# --8<-- [end:sigmoid]


@dataclass(frozen=True)
class Forward:
    """Every intermediate of the forward pass, in computation order."""

    X: np.ndarray  # (N, 2) inputs
    y: np.ndarray  # (N, 2) one-hot targets
    z1: np.ndarray  # (N, H) = X W1 + b1
    h1: np.ndarray  # (N, H) = sigmoid(z1)
    z2: np.ndarray  # (N, 2) = h1 W2 + b2
    h2: np.ndarray  # (N, 2) = sigmoid(z2), the network's output
    loss: float  # squared error plus L2 penalty, see the module docstring


# --8<-- [start:forward]
def forward(params: Params, X: np.ndarray, y: np.ndarray, reg: float = 0.0) -> Forward:
    """Run the network on X (N, 2) and score it against y (N, 2)."""
    N = X.shape[0]
    z1 = X @ params.W1 + params.b1  # (N, H)
    h1 = sigmoid(z1)  # (N, H)
    z2 = h1 @ params.W2 + params.b2  # (N, 2)
    h2 = sigmoid(z2)  # (N, 2)
    data_loss = np.sum((y - h2) ** 2) / (2 * N)
    reg_loss = reg / (2 * N) * (np.sum(params.W1**2) + np.sum(params.W2**2))
    return Forward(X=X, y=y, z1=z1, h1=h1, z2=z2, h2=h2, loss=float(data_loss + reg_loss))
# --8<-- [end:forward]


@dataclass(frozen=True)
class Backward:
    """Every chain-rule factor of the backward pass, by the article's names, in order.

    Per-observation factors are (N, ...) arrays of the per-observation loss terms; the
    weight gradients are the gradients of the mean loss L.
    """

    dL_dh2: np.ndarray  # (N, 2) = -(y - h2) / N
    dh2_dz2: np.ndarray  # (N, 2) = h2 (1 - h2)
    dL_dz2: np.ndarray  # (N, 2) = dL/dh2 * dh2/dz2
    dz2_dW2: np.ndarray  # (N, H) = h1
    dL_dW2: np.ndarray  # (H, 2) = h1^T dL/dz2 + reg/N W2
    dL_db2: np.ndarray  # (2,)   = sum over observations of dL/dz2
    dL_dh1: np.ndarray  # (N, H) = dL/dz2 W2^T
    dh1_dz1: np.ndarray  # (N, H) = h1 (1 - h1)
    dL_dz1: np.ndarray  # (N, H) = dL/dh1 * dh1/dz1
    dz1_dW1: np.ndarray  # (N, 2) = X
    dL_dW1: np.ndarray  # (2, H) = X^T dL/dz1 + reg/N W1
    dL_db1: np.ndarray  # (H,)   = sum over observations of dL/dz1


# --8<-- [start:backward]
def backward(params: Params, fwd: Forward, reg: float = 0.0) -> Backward:
    """The exact gradient of `fwd.loss` with respect to W1, b1, W2, b2, factor by factor."""
    N = fwd.X.shape[0]
    dL_dh2 = -(fwd.y - fwd.h2) / N  # (N, 2)
    dh2_dz2 = sigmoid_prime(fwd.h2)  # (N, 2)
    dL_dz2 = dL_dh2 * dh2_dz2  # (N, 2)
    dz2_dW2 = fwd.h1  # (N, H)
    dL_dW2 = dz2_dW2.T @ dL_dz2 + reg / N * params.W2  # (H, 2)
    dL_db2 = dL_dz2.sum(axis=0)  # (2,)
    dL_dh1 = dL_dz2 @ params.W2.T  # (N, H): W2 carries the error back to the hidden layer
    dh1_dz1 = sigmoid_prime(fwd.h1)  # (N, H)
    dL_dz1 = dL_dh1 * dh1_dz1  # (N, H)
    dz1_dW1 = fwd.X  # (N, 2)
    dL_dW1 = dz1_dW1.T @ dL_dz1 + reg / N * params.W1  # (2, H)
    dL_db1 = dL_dz1.sum(axis=0)  # (H,)
    return Backward(
        dL_dh2=dL_dh2, dh2_dz2=dh2_dz2, dL_dz2=dL_dz2, dz2_dW2=dz2_dW2, dL_dW2=dL_dW2,
        dL_db2=dL_db2, dL_dh1=dL_dh1, dh1_dz1=dh1_dz1, dL_dz1=dL_dz1, dz1_dW1=dz1_dW1,
        dL_dW1=dL_dW1, dL_db1=dL_db1,
    )
# --8<-- [end:backward]


# --8<-- [start:update]
def update(params: Params, grads: Backward, learning_rate: float, bias: bool = True) -> Params:
    """One gradient-descent step: W* = W - learning_rate dL/dW. Biases stay put if bias=False."""
    b1, b2 = params.b1, params.b2
    if bias:
        b1 = b1 - learning_rate * grads.dL_db1
        b2 = b2 - learning_rate * grads.dL_db2
    return Params(
        W1=params.W1 - learning_rate * grads.dL_dW1,
        b1=b1,
        W2=params.W2 - learning_rate * grads.dL_dW2,
        b2=b2,
    )
# --8<-- [end:update]


@dataclass(frozen=True)
class AdamState:
    """Adam's running averages of each gradient, in the parameters' shapes, after t steps."""

    m: Params  # first moment: running mean of dL/dW1, dL/db1, dL/dW2, dL/db2
    v: Params  # second moment: running mean of their squares
    t: int  # steps taken, for the bias correction of m and v


def adam_start(params: Params) -> AdamState:
    """Adam's state before its first step: zero moments, t = 0."""
    zeros = Params(*(np.zeros_like(p) for p in (params.W1, params.b1, params.W2, params.b2)))
    return AdamState(m=zeros, v=zeros, t=0)


def adam_update(
    params: Params,
    grads: Backward,
    state: AdamState,
    learning_rate: float,
    bias: bool = True,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[Params, AdamState]:
    """One Adam step (Kingma and Ba, 2015): each entry moves by learning_rate times its
    gradient's running mean over the root of its running mean square, so every weight takes
    steps of about the same size, however small its gradient. Biases stay put if bias=False."""
    t = state.t + 1
    names = ("W1", "b1", "W2", "b2")
    moved = {} if bias else {"b1": params.b1, "b2": params.b2}
    m, v = {}, {}
    for name in names:
        g = getattr(grads, f"dL_d{name}")  # the parameter's shape
        m[name] = beta1 * getattr(state.m, name) + (1 - beta1) * g
        v[name] = beta2 * getattr(state.v, name) + (1 - beta2) * g**2
        if name not in moved:
            m_hat = m[name] / (1 - beta1**t)  # without it, the first steps would be too short
            v_hat = v[name] / (1 - beta2**t)
            moved[name] = getattr(params, name) - learning_rate * m_hat / (np.sqrt(v_hat) + eps)
    return Params(**moved), AdamState(m=Params(**m), v=Params(**v), t=t)


def predict(params: Params, X: np.ndarray) -> np.ndarray:
    """Class of each row of X (N, 2): the index of the larger output."""
    h1 = sigmoid(X @ params.W1 + params.b1)
    h2 = sigmoid(h1 @ params.W2 + params.b2)
    return np.argmax(h2, axis=1)


def accuracy(params: Params, X: np.ndarray, y: np.ndarray) -> float:
    """Share of rows where argmax(h2) equals argmax(y)."""
    return float(np.mean(predict(params, X) == np.argmax(y, axis=1)))
