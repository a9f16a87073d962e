"""What a sound does over time, one value per video frame (numpy and scipy only).

From an STFT split into harmonic and percussive parts by median filtering (Fitzgerald 2010):
onset strength of the percussive part, loudness (RMS), harmonic energy and chroma (12 pitch
classes). Each is computed at the STFT hop, then gathered into exactly `n` frame windows
[i / fps, (i + 1) / fps) (the onset's peak, the others' mean), so frame i shows what sounds
while it is on screen: picture and sound stay in sync by construction.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_FFT = 1024
HOP = 256
ONSET_LAG = 384  # samples: a hit's flux peaks up to this much before the hit (measured on clicks)
NAMES = ("onset", "loudness", "harmonic")  # the scalar envelopes, each in [0, 1]
PITCHES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


@dataclass
class Envelopes:
    """Per-frame features: onset, loudness, harmonic float [n] in [0, 1]; chroma [n, 12] (rows
    sum to 1); fps of the frames."""

    onset: np.ndarray
    loudness: np.ndarray
    harmonic: np.ndarray
    chroma: np.ndarray
    fps: float

    def scalars(self) -> dict[str, np.ndarray]:
        """onset, loudness and harmonic by name."""
        return {name: getattr(self, name) for name in NAMES}


def spectrogram(samples: np.ndarray) -> np.ndarray:
    """Magnitudes [bins, T] of a Hann-windowed STFT, frame t centred on sample t * HOP."""
    padded = np.pad(samples.astype(np.float32), N_FFT // 2)
    t = 1 + max(0, len(padded) - N_FFT) // HOP
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(t)[:, None]  # [T, N_FFT]
    frames = padded[np.minimum(idx, len(padded) - 1)] * np.hanning(N_FFT).astype(np.float32)
    return np.abs(np.fft.rfft(frames, axis=1)).T.astype(np.float32)  # [bins, T]


def split(mag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(harmonic, percussive) magnitudes [bins, T]: soft masks from median filters across time
    (harmonics are steady) and across frequency (hits are broadband)."""
    from scipy.ndimage import median_filter

    h = median_filter(mag, size=(1, 17), mode="nearest")
    p = median_filter(mag, size=(17, 1), mode="nearest")
    mask = h * h / np.maximum(h * h + p * p, 1e-12)
    return mag * mask, mag * (1 - mask)


def bands(rate: int, count: int = 40, low: float = 30.0) -> np.ndarray:
    """The log-spaced band [bins] of each STFT bin (bins below `low` join the first band), so a
    kick's few low bins weigh as much as a hi-hat's many high ones."""
    freqs = np.maximum(np.fft.rfftfreq(N_FFT, 1.0 / rate), low)
    idx = np.floor(count * np.log(freqs / low) / np.log(rate / 2 / low)).astype(np.int64)
    return np.unique(np.minimum(idx, count - 1), return_inverse=True)[1]


def onset_strength(perc: np.ndarray, rate: int) -> np.ndarray:
    """Spectral flux [T]: the mean rise of log band magnitude from one hop to the next."""
    band = bands(rate)
    count = np.bincount(band).astype(np.float64)
    mag = np.zeros((len(count), perc.shape[1]))
    np.add.at(mag, band, perc)
    log = np.log1p(100.0 * mag / count[:, None])  # [bands, T]
    rise = np.maximum(0.0, np.diff(log, axis=1, prepend=0.0))
    return rise.mean(axis=0)


def chroma_of(harm: np.ndarray, rate: int) -> np.ndarray:
    """Magnitude per pitch class [T, 12] of the harmonic part between 100 Hz and 4 kHz (below,
    a kick's boom would outweigh the notes)."""
    freqs = np.fft.rfftfreq(N_FFT, 1.0 / rate)
    keep = (freqs >= 100.0) & (freqs <= 4000.0)
    pc = np.round(12 * np.log2(freqs[keep] / 440.0) + 69).astype(np.int64) % 12
    out = np.zeros((harm.shape[1], 12), dtype=np.float64)
    for k in range(12):
        out[:, k] = harm[keep][pc == k].sum(axis=0)
    return out


def frame_windows(t: int, rate: int, n: int, fps: float, lag: int = 0) -> np.ndarray:
    """The frame each STFT hop falls in [T] (-1 past the last frame), its time taken `lag`
    samples after the window's centre."""
    times = (np.arange(t) * HOP + lag) / rate
    idx = np.floor(times * fps + 1e-9).astype(np.int64)
    return np.where(idx < n, idx, -1)


def gather(values: np.ndarray, where: np.ndarray, n: int, fps: float, rate: int,
           peak: bool) -> np.ndarray:
    """Per-frame values [n, ...] from per-hop values [T, ...]: the peak or the mean of the hops
    in each frame; frames no hop falls in (fps above the hop rate) interpolate in time."""
    v = values.reshape(len(values), -1).astype(np.float64)
    inside = where >= 0
    out = np.full((n, v.shape[1]), -np.inf if peak else 0.0)
    if peak:
        np.maximum.at(out, where[inside], v[inside])
    else:
        np.add.at(out, where[inside], v[inside])
    count = np.bincount(where[inside], minlength=n)
    empty = count == 0
    if not peak:
        out[~empty] /= count[~empty, None]
    if empty.any():
        hop_t, frame_t = np.arange(len(v)) * HOP / rate, (np.arange(n) + 0.5) / fps
        for j in range(v.shape[1]):
            out[empty, j] = np.interp(frame_t[empty], hop_t, v[:, j])
    return out.reshape((n,) + values.shape[1:])


def _unit(x: np.ndarray) -> np.ndarray:
    """x scaled so its 99th percentile is 1 (but at least a third of its peak, so a few hits in
    a quiet song do not lift the noise between them to full strength), clipped to [0, 1]."""
    top = max(float(np.percentile(x, 99)), float(x.max()) / 3) if len(x) else 0.0
    return np.clip(x / top, 0.0, 1.0) if top > 1e-9 else np.zeros_like(x)


def _smooth(x: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian smoothing along frames (axis 0); sigma in frames, 0 leaves x as it is."""
    from scipy.ndimage import gaussian_filter1d

    return gaussian_filter1d(x, sigma, axis=0, mode="nearest") if sigma > 0 else x


def envelopes(samples: np.ndarray, rate: int, n: int, fps: float, smooth: float) -> Envelopes:
    """The features of samples float [N] at `rate`, one per frame of n at fps; loudness,
    harmonic energy and chroma smoothed over `smooth` seconds (onsets stay sharp)."""
    mag = spectrogram(samples)  # [bins, T]
    harm, perc = split(mag)
    where = frame_windows(mag.shape[1], rate, n, fps)
    onset = onset_strength(perc, rate)
    late = frame_windows(mag.shape[1], rate, n, fps, ONSET_LAG)
    onset = gather(np.maximum(0.0, onset - np.median(onset)), late, n, fps, rate, peak=True)
    hop = np.pad(samples.astype(np.float64), N_FFT // 2)
    power = np.convolve(hop * hop, np.ones(N_FFT) / N_FFT, mode="valid")[::HOP][:mag.shape[1]]
    loud = gather(np.sqrt(power), where, n, fps, rate, peak=False)
    energy = gather(np.sqrt((harm.astype(np.float64) ** 2).sum(axis=0)), where, n, fps, rate, False)
    chroma = _smooth(gather(chroma_of(harm, rate), where, n, fps, rate, peak=False), smooth * fps)
    total = chroma.sum(axis=1, keepdims=True)
    chroma = np.where(total > 1e-12, chroma / np.maximum(total, 1e-12), 1.0 / 12)
    sigma = smooth * fps
    return Envelopes(_unit(onset), _unit(_smooth(loud, sigma)), _unit(_smooth(energy, sigma)),
                     chroma, fps)
