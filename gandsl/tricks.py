"""The stability toolkit in words: each setting of `train gan` that keeps GAN training stable,
what it does and the article's reason for it (`gandsl explain clip_grad`; the language
reference's table is these rows, checked by tests/test_docs.py)."""
from __future__ import annotations

# (setting as written in a recipe, what it does, why) - Markdown, as in docs/language.md
TRICKS: tuple[tuple[str, str, str], ...] = (
    ('`r1`, `loss = "wgan-gp"`',
     'a gradient penalty on D',
     "D's gradients stay tame, so G learns from them"),
    ('`clip_grad = 1.0`',
     'clips the global gradient norm of G and of D every step (0: off); the progress line '
     'shows both norms before clipping (`grad_g`, `grad_d`) and the loss plot draws them',
     'one exploding batch cannot throw the weights away'),
    ('`loss = "wgan"  clip_weights = 0.01`',
     "the original WGAN: D's weights clamped to [-c, c] after each step",
     'keeps D Lipschitz, the textbook way (`wgan-gp` is the gentler modern one)'),
    ('`lr_schedule = "linear"` or `"cosine"`, `warmup = N`',
     'learning rates ramp up over N steps, then fall to 0 by the last step; the progress line '
     "shows G's rate (`lr`) and the loss plot draws it at every step",
     "big early steps destabilise, small late steps settle; with a schedule the run's `steps` "
     'is part of its settings, so a longer run starts over rather than continuing'),
    ('`lr`, `lr_d`, `betas`',
     "Adam's rates and moments for each network (2e-4, [0.5, 0.999]: DCGAN's)",
     'the adaptive optimiser the article names'),
    ('`lr_schedule = "plateau"` (with `eval_every`)',
     'both rates halve whenever the quality estimate has not improved for 2 estimates in a row'
     ' (E315 without `eval_every`); decided from the estimates alone, so a resumed run follows'
     ' the same rates',
     'lowering the rates when progress stalls, the article\'s "adjusting the learning rates '
     'during training" driven by the pictures rather than by the clock'),
    ('`eval_every = 250`',
     'every N steps, the SWD of 64 samples against 64 training images (lower is closer), '
     'beside the losses in the progress line and in a panel of the loss plot, with its best '
     'step marked',
     'knowing when to stop: the losses of a GAN say little about its pictures'),
    ('`steps = "auto"`, `max_steps = 20000`',
     'trains until the quality estimate stops improving: early stopping with `eval_every = '
     '250` and `patience = 4` unless you set them, at most `max_steps` steps; later stages get'
     ' the generator of the best estimate, and the log and `plan` say the step it stopped at',
     'the article\'s "stop when the generator stops improving" without guessing a step count; a'
     ' larger `max_steps` continues the run'),
    ('`patience = 4` (with `eval_every`)',
     'early stopping: the run stops when 4 estimates in a row found nothing better, and later '
     'stages sample the generator of the best estimate (`steps` becomes the cap; a rerun stays'
     ' stopped)',
     'the article\'s "stop when the generator stops improving"; saves the steps that would only'
     ' wander'),
)


def names(setting: str) -> list[str]:
    """The param names a row's setting mentions (`r1`, `loss`, ...)."""
    import re

    return re.findall(r"`([a-z_0-9]+)", setting)


def explain_trick(name: str) -> str | None:
    """Every row that mentions the param `name`, in words, or None."""
    rows = [(s, w, y) for s, w, y in TRICKS if name in names(s)]
    if not rows:
        return None
    return "\n\n".join(f"{s}\n  what: {w}\n  why:  {y}".replace("`", "") for s, w, y in rows)


def table() -> str:
    """The rows as the Markdown table of the language reference."""
    head = "| setting | what it does | why |\n|---|---|---|\n"
    return head + "\n".join(f"| {s} | {w} | {y} |" for s, w, y in TRICKS)
