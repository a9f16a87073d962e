"""Every stable error code gandsl raises, each with a title and a long explanation (`gandsl explain`)."""
from __future__ import annotations

CODES: dict[str, tuple[str, str]] = {
    "E001": ("syntax error", """The parser met a token it did not expect here.
A recipe is a list of statements: `gandsl N`, `about { ... }`, `param ...`, `use "x.gan" as A`
and nodes `STAGE NAME = OP { key = value ... }`. The label under the caret lists what could
come next. A common cause is a missing `=` in a block entry or a missing `}`."""),
    "E002": ("unterminated string", """A string starts with `"` but does not end on the same line.
Close it with `"`; write `\\"` for a quote inside a string and `\\n` for a newline."""),
    "E003": ("unexpected character", """A character that is not part of the recipe language.
Comments start with `#`; names are letters, digits and `_`; numbers may end in k, s, ms or f."""),
    "E004": ("unexpected end of file", """The file ends in the middle of a statement, usually
because a block `{ ... }`, a list `[ ... ]` or a track `keys { ... }` is not closed."""),
    "E005": ("unknown language version", """The `gandsl N` header names a version this gandsl
does not know. This release reads version 1; write `gandsl 1` or leave the header out."""),
    "E006": ("value nested too deeply", """A value nests brackets, lists or arithmetic more than
150 levels deep. No recipe needs that; split the value into params."""),
    "E007": ("keyframe track not closed", """A `keys { ... }` track inside a block has no `}` of its
own, so the `}` meant to end the block closes the track and the block stays open. The caret
points at the track's `{`: add its `}`."""),
    "E010": ("duplicate name", """Params, nodes and import aliases share one namespace per file;
each name may be declared once. Rename one of them."""),
    "E011": ("unknown op", """The op after `=` in `STAGE NAME = OP { ... }` is not an op of that
stage. `gandsl ops` lists every op by stage."""),
    "E012": ("unknown reference", """A name used as a value is not a param, node or import alias
of this file. References are `NAME`, `ALIAS.NAME` (a param or node of an import) and
`NODE.KEY` (another node's resolved setting). Names are case sensitive."""),
    "E013": ("op of the wrong stage", """The op exists but belongs to another stage: `gif` is a
render op, so write `render NAME = gif { ... }`."""),
    "E014": ("unknown parameter", """The block sets a key the op does not have.
`gandsl ops OP` lists the op's parameters with their types, defaults and ranges."""),
    "E015": ("duplicate key", """A block sets the same key twice, so one value would be lost
silently. Keep one of them."""),
    "E016": ("missing required parameter", """The op needs this parameter and it has no default,
e.g. a `train` node needs `model` and `data`, a `walk` needs `from`."""),
    "E020": ("wrong type", """The value's type or unit does not fit the parameter: e.g. a duration
`4s` where an integer is wanted, a plain number where a duration is wanted (write `4s`), or
a number where a node is wanted. `gandsl ops OP` shows each parameter's type."""),
    "E021": ("value out of range", """The value lies outside the parameter's allowed range.
`gandsl ops OP` shows each range; a param's own range is written `in LO..HI`, both ends
included (`in LO..<HI` excludes HI, for int params). A range literal such as `0..15` holds
at most 10,000 values."""),
    "E022": ("choice not allowed", """The parameter accepts only a fixed set of strings; the
label lists them and a hint names the closest one."""),
    "E023": ("input of the wrong stage", """An input names a node of the wrong stage. A `train`
needs a `model` node and a `data` node; a `walk` needs a `train` node; a `render` needs a
`walk` node (or a `train` node for `sheet` and `plot`); `eval swd` needs a train and a data node."""),
    "E024": ("not a track parameter", """Keyframe tracks `keys { ... }` are allowed only on
numeric walk settings that can change over time (`gandsl ops OP` marks them)."""),
    "E025": ("bad keyframe track", """Keyframe times must be durations (`2s`, `500ms`) or frame
counts (`48f`) in increasing order, values numbers, and easings one of linear, in, out,
in_out, step."""),
    "E026": ("bad arithmetic", """Arithmetic `+ - * /` works on numbers and params; durations may be
added to durations and scaled by numbers. Division by zero is an error."""),
    "E027": ("bad param declaration", """`param NAME [: TYPE] = DEFAULT [in LO..HI] ["help"]` (`..` includes
HI; `..<` excludes it and is for int params only): TYPE is
one of int, float, str, bool, duration, size (inferred from the default when left out); the
default must fit the type and the range."""),
    "E028": ("output path outside the output folder", """An `out` is a path relative to the
output folder (default `out/<recipe>/`). It may not be absolute, may not climb out with `..`,
and no part of it may be hidden (start with `.`, like `.git`) or blank, or be a name gandsl
reserves (`*.gandsl-output` markers, `.gandsl-site`)."""),
    "E042": ("name too long", """Param, node and import names are at most 100 characters: a node's
name becomes the name of its output file and of its preview, and file systems allow 255 bytes."""),
    "E039": ("too many imports", """A recipe and its imports may hold at most 256 file instances (a
file imported under two aliases counts twice) and 4,000,000 characters in all. A shared recipe whose
imports fan out — a file that uses the next one twice, thirty levels deep — would otherwise make
billions of copies; gandsl stops at the cap. Import each file once."""),
    "E038": ("output of the wrong kind", """A render's `out` ends in the extension of what it
writes: `gif` a `.gif`, `mp4` a `.mp4`, `webp` a `.webp`, `sheet`, `plot` and `compare` a
`.png`, evals a `.json`; `frames` writes a folder, so its `out` has no extension. A shared recipe
therefore cannot name an `.html` page or a script that a browser or `gandsl watch` would run."""),
    "E029": ("bad about block", """`about { ... }` holds title, author, license (an SPDX id),
tags (a list of strings), description and forked_from, all strings except tags."""),
    "E030": ("reference cycle", """Nodes refer to each other in a loop (through inputs or
`NODE.KEY` settings), so none of them can be computed first. Break the loop."""),
    "E031": ("missing import", """The file named in `use "PATH" as ALIAS` does not exist or cannot
be read. Paths are relative to the importing file."""),
    "E032": ("import cycle", """Recipes import each other in a loop. Move the shared part into a
third file that both import."""),
    "E033": ("init from another model", """`train T = gan { init = OTHER }` starts T from the weights
of OTHER, another `gan` train node; both must train models of the same shape (the same model op,
latent, width, upsample, resolution and channels: usually the very same model node). Fine-tune by
giving T the same `model` and a new `data` (e.g. your own images) and fewer steps."""),
    "E044": ("size is not a multiple of the pattern's step", """A `pattern` model draws one noise
cell as `step` pixels (4, 8, 16 or 32; 16 by default), so a swatch or walk frame of a pattern model
is a whole number of cells: both sides of `size` must be multiples of `step`. The message suggests
the nearest size that fits; or give the model another `step`. Swatches are at most 8192 pixels a
side (2048x2048 is a print of about 17 cm at 300 dpi)."""),
    "E045": ("needs a pattern model", """A `swatch` render draws tileable pictures at any size, which
only a `pattern` model can: its generator is fully convolutional with circular padding, so every
output wraps around seamlessly. Write `model m = pattern { }`, train it with `train t = gan {
model = m  data = D }` on crops (e.g. `textures { image = "cloth.jpg" }`), and draw from `t`."""),
    "E046": ("size on a walk of a fixed-size model", """A walk's `size = WxH` draws every frame at
that size, which only a `pattern` model can (any multiple of its `step`). A `dcgan` or `resnet`
model draws its training resolution only: remove `size`, or enlarge frames with an upscale node
(`upscale u = resize { frames = W  factor = 4 }`) or a render's `scale`/`size`."""),
    "E047": ("a pattern model has no latent vector", """`project` and `class_morph` search or steer one
latent vector per picture. A `pattern` model draws from a grid of noise (local noise per cell plus
a global vector), so there is no single vector to find or to morph between classes, and pattern
models are not conditional. Use a `dcgan` or `resnet` model for these; pattern models walk with
`noise_loop`, `slerp`, `spline` and `great_circle` (every frame tiles)."""),
    "E048": ("tile = true on frames that do not tile", """`upscale ... { tile = true }` pads
circularly, so a picture that tiles still tiles after upscaling. That only holds when the frames
tile in the first place: the walks of a `pattern` model, or upscales of them. A data node, a walk
of another model or a stylize node makes frames whose edges do not meet; remove `tile = true`
(the upscale pads at the edges as usual) or upscale a pattern walk."""),
    "E049": ("a pattern model cannot be conditional", """`conditional = true` trains a class-
conditional GAN, which feeds each class to a vector latent. A `pattern` model's latent is a grid
of noise; train one pattern model per class instead (a data node per class), or use `dcgan` or
`resnet` for a conditional model. Its data must also be a size the model can draw: a resolution
of 16, 32, 64 or 128 and at least two noise cells (`step`) a side."""),
    "E040": ("bad --set", """`--set` takes `NAME=VALUE`, VALUE in the recipe's value syntax:
`--set steps=2000`, `--set title='"Koi"'`, `--set lib.seed=3`."""),
    "E041": ("unknown --set name", """Only params declared with `param` (in the recipe or its
imports, as `ALIAS.NAME`) can be set from the command line."""),
    "E034": ("number not finite", """Every number in a recipe must be finite. A literal too large
for a float (`1e999`) or arithmetic that overflows (`1e308 * 10`, and `inf - inf`, which is not a
number) would silently turn into infinity or NaN and render black frames, so it is an error at
check time. Write the number you mean."""),
    "E035": ("two outputs with one path", """Two render or eval nodes set the same `out`, so one
would overwrite the other (and with `--jobs` they would race). Give each its own `out`."""),
    "E036": ("cannot write the log", """`--log FILE.jsonl` names a file gandsl cannot write (a
folder that cannot be created, no permission, a full disk, `/dev/full`). Choose another file or
leave `--log` out."""),
    "E037": ("over the memory budget", """Before anything runs, gandsl estimates the memory each
node's output needs from its params: a walk holds frames x grid x side x side x 3 bytes, a render
also its frames upscaled by `scale`, a dataset count x channels x size x size. A node above the
budget (`--max-memory`, default 4GiB) would fail minutes later (after training) or swap the machine
to a halt, so it is refused now. Lower frames, grid, scale or size, or raise `--max-memory`."""),
    "E706": ("recipe too large to embed", """Every rendered file carries its recipe (source text
and params). A recipe whose embedded form exceeds 4 million characters is refused: no file needs
that, and a reader of the file would have to load it whole."""),
    # -- running: the command line around a run (E1xx), devices (E2xx) --
    "E000": ("unclassified error", """An error without a more specific code. The message says
what went wrong; run again with `--debug` for the full traceback and report it if it looks
like a bug in gandsl."""),
    "E101": ("no such node", """`--only NODE` or `--force NODE` names a node the recipe does not
declare. Node names are case sensitive; a node of an imported recipe is written `ALIAS.NAME`.
`gandsl graph RECIPE` lists every node."""),
    "E130": ("interrupted", """The run was stopped with Ctrl-C (exit code 130). Nodes that
finished are cached and the cache is intact: no half-written entry is ever kept, and a
training node resumes from its last checkpoint when you run the recipe again."""),
    "E201": ("device not available", """`--device` names a device this machine does not have:
`cuda`/`cuda:N` needs an NVIDIA GPU and a CUDA build of torch, `mps` an Apple GPU. Use
`--device auto` (the default: CUDA, else MPS, else CPU) or `--device cpu`."""),
    "E202": ("bad precision setting", """GANDSL_PRECISION forces the arithmetic training uses: `fp32`
or `bf16` (bfloat16 autocast). Unset, gandsl uses bf16 on CUDA and on CPUs with AMX, fp32
elsewhere. The precision is part of the cache key of every node computed with torch, since bf16
and fp32 give different numbers."""),
    # -- nodes that fail while running (exit code 3) --
    "E300": ("node failed", """A node raised an error while it ran. Its dependents were skipped,
independent nodes finished and everything finished is cached. The message names the node and
the error; `gandsl run --log FILE.jsonl` records the full traceback."""),
    "E301": ("built-in data missing", """A built-in dataset reads files shipped with an installed
Python package (e.g. scikit-learn's digits, Pillow's fonts). The package or the file is
missing: reinstall gandsl's dependencies (`pip install gandsl`)."""),
    "E302": ("model does not fit the data", """The model's `resolution` or `channels` do not fit
what the data node produces, or `channels` is not 1 (grey) or 3 (RGB). Give the model a
`resolution` of 16, 32, 64 or 128 (0 takes the data's) or resize the data with its `size`."""),
    "E303": ("image cannot be read", """An image a data node needs is missing or is not an
image Pillow can open (PNG, JPEG, WebP). Check the path, or replace the damaged file."""),
    "E304": ("no characters to draw", """`data glyphs` draws the printable, non-space characters
of `chars`; the string holds none. Give it some, e.g. `chars = "ABC"`."""),
    "E305": ("unknown shape", """`data shapes` draws the shapes listed in `shapes`; the list is
empty or names a shape it does not know. `gandsl ops shapes` lists the shapes."""),
    "E306": ("image folder not found", """`data folder` reads images from `path`, a folder
relative to the recipe file; no folder is there. Check the path (or pass `--root DIR` when
replaying a rendered file whose data lives elsewhere)."""),
    "E307": ("no images in the folder", """`data folder` found no readable PNG, JPEG or WebP
image in its folder (unreadable files are skipped with a warning). Put images there or point
`path` elsewhere."""),
    "E310": ("training diverged", """The losses or the weights became NaN or infinite. The
message names the step; the last good checkpoint stays in the work folder. Try lower learning
rates (`lr`, `lr_d`), an `r1` penalty, `augment`, or another `loss`."""),
    "E311": ("discriminator collapsed", """The discriminator's loss stayed near zero for 500
steps, so the generator learns nothing. Try a lower `lr_d`, an `r1` penalty, `augment`
(DiffAugment), or `loss = "hinge"`."""),
    "E501": ("empty seed list", """A walk visits the latent points of its `seeds`; the list is
empty. Give at least one seed, e.g. `seeds = [1, 2, 3]` or a range `seeds = 0..7`."""),
    "E511": ("samples and data differ", """`eval swd` compares generated samples with the data
node's images; they differ in channels or size. Evaluate against the data the model was
trained on."""),
    "E520": ("no held-out images", """`eval sr_quality` measures an upscaler on images it did not
train on: the held-out part of its training data, or all of another data node. There were none:
give the data node a larger `count`, or measure on another data node."""),
    "E521": ("no frames to compare", """`render compare` lays out nearest, bicubic and learned
upscaling of some frames of its input; the input has no frames."""),
    # -- the gallery (E6xx) --
    "E601": ("no gallery", """The gallery folder does not exist or holds no entries. An entry is
a folder `<gallery>/<slug>/` with a `recipe.gan` (and a rendered preview)."""),
    "E602": ("gallery entry without a recipe", """Every folder of the gallery (except those whose
name starts with `.` or `_`) is an entry and needs a `recipe.gan`."""),
    "E603": ("bad gallery slug", """An entry's folder name is its slug, part of the site's URLs:
lowercase letters, digits, `-` and `_`, starting with a letter or digit."""),
    "E604": ("gallery entry without about", """A gallery recipe needs an about block with a
title, an author and a license: `about { title = "..."  author = "..."  license = "CC-BY-4.0" }`."""),
    "E605": ("site folder in the way", """`gallery build` writes the site into its output folder,
replacing a site it built before. It refuses a file, or a non-empty folder it did not build.
Choose another folder with `-o`, or empty it."""),
    "E606": ("nothing to remix", """`gandsl remix SRC NEW` copies a recipe: SRC is a `.gan` file,
an entry folder, or the slug of a gallery entry. Nothing was found at SRC."""),
    "E607": ("remix target exists", """`gandsl remix` never overwrites: NEW (or NEW/recipe.gan)
already exists. Choose another name."""),
    "E608": ("no such gallery entry", """`gallery render --only SLUG` names an entry the gallery
does not have. `ls gallery/` shows the slugs."""),
    "E610": ("gallery entry failed to render", """Running an entry's recipe failed; the error
above says why. Run it alone with `gandsl run gallery/<slug>/recipe.gan` to see it."""),
    "E611": ("gallery entry renders no preview", """An entry's recipe ran but made none of
`preview.gif`, `preview.webp` or `preview.png`. Give one render node `out = "preview.gif"`."""),
    # -- trust: files that travel (SPEC §8) --
    "E701": ("no recipe in the file", """The file is a PNG, GIF, WebP or MP4 but carries no gandsl
recipe. Only files rendered by `gandsl run` carry one (in a PNG text chunk, the GIF comment, an XMP
packet or the MP4 comment tag); an editor that re-saves the file may drop it."""),
    "E702": ("unreadable rendered file", """`gandsl run FILE` and `gandsl extract FILE` need a PNG,
GIF, WebP or MP4 file (or a folder of rendered PNG frames) that can be read. The file is missing,
of another kind, or truncated or damaged."""),
    "E703": ("damaged embedded recipe", """The recipe embedded in a rendered file is not what gandsl
writes: not JSON, too large, too deeply nested, or of the wrong shape (`main` not naming one of the
`sources`, a source that is not text, `params` that is not an object or holds a name that is not a
param name). The file was edited or crafted; gandsl refuses it before anything runs."""),
    "E704": ("embedded source path refused", """The sources embedded in a rendered file are written
to a private temporary folder before a replay. A source path that is absolute, holds NUL, a
backslash or control characters, clashes with another (a file and a folder of one name), or climbs
more than 8 folders above the main recipe (`../../...`) is refused. `gandsl extract --to DIR`
refuses any path that leaves DIR."""),
    "E705": ("name cannot name an output folder", """The default output folder is
`out/<recipe file stem>/`. A recipe file (or the main recipe embedded in a rendered file) whose
stem is empty, `.` or `..` or holds control characters would name the current folder or one above
it, so gandsl refuses it. Rename the recipe, or pass `--out DIR`."""),
    "E710": ("output name outside the output folder", """A render's or eval's output must be a
relative path inside the output folder: not absolute, not `.` or empty, never climbing out with
`..`, no NUL. `gandsl check` reports such an `out` as E028; this error is the last guard when the
name reaches the run anyway (e.g. from a crafted rendered file). Nothing was written."""),
    "E711": ("output path leads outside the output folder", """A folder on the way to an output
is a symlink (or otherwise resolves) to somewhere outside the output folder, or is a file. gandsl
checks every folder on its real, resolved path when it writes, so a symlink planted inside the
output folder cannot make it write elsewhere. Remove the symlink or file, or choose another `out`."""),
    "E712": ("output would replace a folder gandsl did not make", """An output's place holds a
folder that gandsl did not create (gandsl marks the folders it places with a hidden
`.NAME.gandsl-output` file beside them). gandsl never deletes or replaces such a folder, whatever a
recipe's `out` says. Move the folder away, or choose another `out`."""),
    "E150": ("port in use", """`gandsl watch` serves its page on 127.0.0.1 (this machine only) at
`--port` (default 8765), and another program already listens there, often an earlier
`gandsl watch`. Stop that one, pass another `--port N`, or `--port 0` to take any free port;
the command prints the address it took."""),
    "E060": ("conditional training needs labelled data", """`train gan { conditional = true }`
learns one generator per class, so every image needs a class. `digits` (0-9), `glyphs` (one
class per character), `shapes` (one per kind) and `folder { classes = true }` (one per top-level
sub-folder, named after it) carry labels; other data does not. Use one of those, or drop
`conditional`."""),
    "E061": ("classes need a conditional train node", """`class = K` on a walk, a `class_morph`
walk and `sheet { by_class = true }` pick classes of a class-conditional generator. Add
`conditional = true` to the train node they sample (its data needs labels, see E060)."""),
    "E062": ("unknown class", """A class is named by its name (`class = "A"`, the folder name for
`folder { classes = true }`) or by its index from 0 in the data's class order: digits 0-9,
glyphs sorted by character, shapes in the order listed, folders sorted by name."""),
    # -- super-resolution (SPEC §9) --
    "E080": ("upscale factor does not fit the data", """An `srgan` node learns to enlarge images
`factor` times: its data's images are the high-res targets and are shrunk by `factor` to make
the inputs, so the data `size` must be a multiple of the factor and shrink to at least 4 px.
Pick `factor = 2` or `4` to suit the size, or change the data's `size` (e.g. 128 for x4 from 32)."""),
    "E081": ("upscaler and frames differ in channels", """A trained upscaler works on images with
the channel count of the data it learned from (1 = grey, 3 = RGB). Frames with another count
(e.g. a walk of a grey GAN through an RGB upscaler) cannot be enlarged by it: train the `srgan`
node on data with the same `channels` as the frames."""),
    "E083": ("the wrong kind of train node", """Two kinds of train nodes exist: `gan` makes images
from latents (walks, `sheet`, `eval swd` sample it) and `srgan` enlarges images (`upscale ... = sr`,
`render compare`, `sheet { upscale = ... }` and `eval sr_quality` use it). The setting names a
train node of the other kind."""),
    "E090": ("paired data of different lengths", """`train translate { paired = true }` learns
a[i] -> b[i], so its two data nodes must hold as many images, of one size. `edges { from = D }`
makes such pairs from D; two `folder` nodes pair their files in sorted order."""),
    "E091": ("image file missing or unreadable", """`data NAME = image { path = "..." }` reads one
image file (png, jpg or webp), relative to the recipe's folder. It must exist, be an image
Pillow can read, and be at least 16 pixels a side once fitted to `max_side`."""),
    "E320": ("translate data does not fit", """`train translate` trains on random crops of its
`a` and `b` images, at least 16 pixels a side; paired training needs a[i] and b[i] of one size
and as many of each. Use larger images, a smaller `crop`, or data nodes with the same `count`."""),
    "E321": ("frames too small to stylize", """A translator paints frames of at least 8 pixels a
side; upscale the frames first (`upscale ... = resize { factor = 4 }`)."""),
    "E350": ("batch does not split over the processes", """With `--nproc N` (and `--nnodes M`)
every training step splits the global `batch` evenly over N x M processes, so the result does not
depend on how many there are. Choose a batch that is a multiple of the number of processes."""),
    "E351": ("a training process failed", """A train node running as a torchrun job (`--nproc`) ended
with an error. The message names the rank and the step it had reached; the node's work folder keeps
`torchrun.log` and the last checkpoint, so the next run resumes. A worker that dies (killed, out of
memory) is restarted by torchrun up to `--max-restarts` times before this error is given."""),
    "E352": ("training processes disagree", """Data-parallel training keeps every process's weights
identical (each applies the same averaged update). The processes ended with different weights, which
means a non-deterministic operation or a broken collective; rerun with `--nproc 1` and report it."""),
    "E063": ("fastgan is not conditional", """A `fastgan` model has no class inputs, so `train gan {
conditional = true }` cannot train it. Use a `dcgan` or `resnet` model for class-conditional
training, or drop `conditional`."""),
    "E070": ("image folder missing or empty", """A `folder` data node's `path` must be a folder
(relative to the recipe's folder) holding png, jpg, jpeg or webp images, searched recursively.
`gandsl check` looks at the folder so that a run does not fail after minutes of other work."""),
    "E071": ("data size no model fits", """A model with `resolution = 0` takes its resolution from
the data, and GANs here are built at 16, 32, 64 or 128 pixels. Set the data's `size` to one of
those, or give the model an explicit `resolution` (the data is then resized to it)."""),
    "E072": ("keyframe after the end of the walk", """A keyframe track on a walk setting has a key
later than the walk lasts (its `duration`, or `frames` / `fps`), so that key would never be
reached. Move the key inside the walk or make the walk longer."""),
    "E073": ("bad render size or colour", """A render's `background` is a colour written "#rrggbb",
"#rgb", "black", "white" or "gray", and its `size = WxH` is at most 8192 pixels a side. With
`size`, `fit = "contain"` scales the frames to fit inside and pads with the background;
`fit = "cover"` scales them to fill the size and crops the centre."""),
    "E074": ("sheet labels without seeds", """`render NAME = sheet { seeds = 0..63  labels = true }` draws
one cell per seed and prints the seed under it; a walk with the same `seed` whose `seeds` name
some of them goes through exactly those samples. Labels need `seeds` to have something to print."""),
    "E314": ("early stopping without estimates", """`patience = N` stops a `train gan` run when the
quality estimate has not improved for N estimates, and keeps the generator of the best one. The
estimates are taken every `eval_every` steps, so `patience` needs `eval_every` above 0."""),
    "E315": ("plateau schedule without estimates", """`lr_schedule = "plateau"` halves the learning
rates of G and D whenever the quality estimate has not improved for 2 estimates in a row. The
estimates are taken every `eval_every` steps, so the schedule needs `eval_every` above 0."""),
    "E313": ("the generator broke down", """While training, gandsl draws a few samples from fixed
latents before every checkpoint. When every sample is a flat colour (all white, all black), every
sample is the same picture, or they are NaN, training has diverged: a run that kept going would end
with a sheet of blank squares and exit 0. The run stops instead, naming the step; the checkpoint
before it is kept. Lower `lr` and `lr_d` (2e-4 is the DCGAN default), add `clip_grad = 1.0` (the
global gradient norm of each network is clipped every step), add `r1`, or use `loss = "hinge"`."""),
    "E330": ("walk size does not fit the model", """A walk with `size` was run on a train node
whose model is not a `pattern` model, or whose `step` does not divide `size`. The checker finds
this for recipes; it shows up at run time when the train node was swapped behind a re-run. Give a
`size` whose sides are multiples of the pattern model's `step`, or remove `size`."""),
    "E331": ("swatch from a model that cannot tile", """A `swatch` render's train node is not a
`pattern` model, or `size` is not a multiple of its `step`. Draw swatches from a `pattern` model
at a size made of whole noise cells."""),
    "E312": ("project needs a gan train node", """`train p = project { from = T  images = D }` inverts
the (EMA) generator of T, so T must be a `gan` train node. A `project` node has latents but no
generator of its own: name the `gan` node it projected through instead."""),
    "E050": ("sound file missing or unreadable", """`data NAME = audio { path = "song.wav" }` reads one
sound file, relative to the recipe's folder: WAV, FLAC, OGG or MP3 (told apart by the extension).
`start` and `duration` cut a clip from it and are times in seconds (`30s`, `500ms`), not frames.
`gandsl check` looks at the file so that a run does not fail after minutes of other work."""),
    "E051": ("a sound where images are needed", """A data node is either images (digits, folder, ...)
or a sound (`audio`). Only the `audio` of a `react` walk or of an `mp4` render takes a sound, and
it takes nothing else: a GAN cannot train on a song, and a walk cannot dance to a folder of
pictures. Give each param the kind of data node it asks for."""),
    "E052": ("sound that cannot stay in sync", """An `mp4` with `audio` plays the sound at its own
speed for exactly as long as the video lasts, so the video must keep the walk's timing: `speed`
must be 1 (`fps` may change: frames are resampled in time, the duration stays). To speed up a
music video, cut a shorter clip with the audio node's `start` and `duration`."""),
    "E053": ("envelope plot of a walk that did not react", """`render NAME = plot { from = W }` draws
the envelopes of the sound that drove W (onsets, kicks, loudness, harmonic energy, pitch) with the
frame change over time, so W must be a `react` walk itself (not an upscale of it): point `from`
at the react node. For loss curves, `from` is a train node."""),
    "E054": ("sound file too long", """A sound is decoded whole into memory and frames are made for
all of it, so a clip lasts at most 20 minutes (the file's header says how long it is). Cut a clip
with `start` and `duration`, e.g. `data music = audio { path = "set.mp3"  start = 60s  duration = 180s }`."""),
    "E360": ("sound file cannot be decoded", """The `audio` node's file could not be decoded by
ffmpeg (it is corrupt, empty, or not really a sound file), or it holds no sound from `start` on.
Open it in an audio player; re-export it as WAV, FLAC, OGG or MP3; or move `start` earlier."""),
    "E361": ("sound file too long", """A sound is decoded whole into memory, and frames are made for
all of it, so its length is capped at 20 minutes. Cut a clip with `start` and `duration`,
e.g. `data music = audio { path = "set.mp3"  start = 60s  duration = 180s }`."""),
    "E800": ("bad --vary", """`gandsl sweep R --vary NAME=VALUES` names a declared param of R and its
values in the recipe's value syntax, as `--set` takes them: a list `--vary lr=1e-4,2e-4` (commas
inside brackets or quotes belong to one value) or an inclusive integer range `--vary seed=1..8`.
Give `--vary` once per param; the sweep runs every combination."""),
    "E801": ("empty --vary value or range", """A `--vary` value list has an empty item (`1,,2`) or a
range `LO..HI` whose end is below its start (or spans more than 1000 values). Write
`--vary seed=1..8` or `--vary seed=1,2,3`."""),
    "E802": ("param varied twice", """A param is given with two `--vary` options, or with both `--vary`
and `--set`. Put all its values into one `--vary NAME=a,b,c`; a param that stays fixed for the whole
sweep goes in `--set`."""),
    "E803": ("too many variants", """The cross product of the `--vary` values has more than 1000
combinations. Vary fewer params or fewer values at once, or split the sweep into parts: they share
one cache, so nothing is computed twice."""),
    "E810": ("variants failed", """One or more variants of a sweep had a node that failed (its
dependents were skipped). The other variants finished, were placed in their folders and appear in
`contact.png` and `index.html`; the failed ones are marked there. Each failed node is printed with
its error; rerunning the sweep retries only what is not cached. `gandsl run R --set ...` (the
command shown for the variant in index.html) reproduces one variant on its own."""),
    "E811": ("Ray is not installed", """`gandsl sweep --executor ray` runs nodes as Ray tasks, and Ray is an
optional extra: install it with `pip install "gandsl[ray]"` (or `pip install ray`) on the machine
that runs the sweep and on every machine of the cluster. Without it, `--executor local` (the
default) runs the sweep in local processes."""),
    "E812": ("Ray cluster unusable", """gandsl could not start a local Ray or join the cluster at
`--address HOST:PORT`, or the cluster cannot run a node (a node needs more CPUs than any machine of
the cluster has: lower `--threads`). Check that `ray status --address HOST:PORT` works from this
machine, that every machine runs the same Python, gandsl and Ray versions, and that the cache folder
(`--cache-dir`) and the recipe's folder are on storage every machine mounts at the same path."""),
}


def explain(code: str) -> str | None:
    """The long explanation of a code, or None if there is no such code."""
    entry = CODES.get(code.upper())
    if entry is None:
        return None
    title, text = entry
    return f"{code.upper()}: {title}\n\n{text}"
