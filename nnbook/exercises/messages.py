"""Introduced in Chapter 1. Every text a self-check can show, in one table per language.

The checks only fill in the fields; the Chinese edition reads the same keys from
``nnbook.exercises.messages_zh`` (``nnbook.lang`` picks the language).
"""

from nnbook.exercises.messages_zh import MESSAGES_ZH
from nnbook.lang import ByLanguage

MESSAGES_EN = {
    # Any check.
    "pass": "Well done: {name} is right on all {n} test inputs.",
    "raised": "{name} raised {error}. Read the message, fix the line it points to, and run the check again.",
    "raised_at": "{name} raised {error}. It came from line {line} of {func}: `{code}`. Read the message, "
                 "fix that line, and run the check again.",
    "raised_at_line": "{name} raised {error}. It came from line {line} of {func}. Read the message, fix "
                      "that line, and run the check again.",
    "raised_for": "{name} raised {error} for input {inp}. Read the message, fix the line it points to, "
                  "and run the check again.",
    "raised_at_for": "{name} raised {error} for input {inp}. It came from line {line} of {func}: "
                     "`{code}`. Read the message, fix that line, and run the check again.",
    "raised_at_line_for": "{name} raised {error} for input {inp}. It came from line {line} of {func}. "
                          "Read the message, fix that line, and run the check again.",
    "not_callable": "The check takes your function itself, as in check(my_function) with no brackets "
                    "after my_function, but it was given {received}.",
    "check_failed": "The check could not make sense of what {name} returned ({error}). "
                    "Return an array of real numbers.",
    "not_implemented": "{name} is still the placeholder. Replace `raise NotImplementedError` with your code.",
    "returned_none": "{name} returned None. Did you forget the `return` statement?",
    "returned_none_for": "{name} returned None for input {inp}. Does every path through your "
                         "function end in a `return` statement?",
    "shape": "{name} should return an array of shape {expected}, but returned shape {received}.",
    "value": "Not yet: for input {inp}, {name} should return {expected}, but returned {received}.",
    "not_array": "{name} should return an array of real numbers{shape}, but returned {received}.",
    "not_array_part": "{which} should be an array of real numbers{shape}, but is {received}.",
    "of_shape": " of shape {shape}",
    "hint_float32": "Hint: the two differ only after about the 7th digit, as a computation in float32 "
                    "(single precision) does. Keep the inputs' float64: drop the float32 cast or dtype.",
    # How a check describes a value it cannot use, inside the messages above.
    "an_array": "an array of shape {shape} and dtype {dtype}",
    "ragged": "{value}, whose rows have different lengths",
    "of_type": "{value} of type {type}",

    # Chapter 1: the sigmoid's derivative.
    "not_scalar": "For one number a, {name} should return one number, but returned an array of "
                  "shape {received}.",
    "hint_sigmoid_twice": "Hint: it looks like you applied the sigmoid to the input first. "
                          "The input is already the sigmoid's output a, so the slope is a · (1 − a).",
    "hint_derivative_sign": "Hint: the sign is flipped. The sigmoid rises, so its slope a · (1 − a) is "
                            "never negative.",
    "mutated_derivative": "{name} changed its input a in place (a *= ... changes the caller's array "
                          "too). Compute a new array instead: return a * (1 - a).",

    # Chapter 2: a dense layer's backward pass.
    "pass_dense": "Well done: {name} returns the right grad_x, grad_W and grad_b for {n} test cases, "
                  "and leaves its inputs unchanged.",
    "not_three": "{name} should return three arrays (grad_x, grad_W, grad_b), but returned {received}.",
    "items": "a {type} of {n} items",
    "one_value": "one value, {value}",
    "grad_shape": "{which} should have shape {expected} (the shape of {like}), but has shape {received}.",
    "grad_value": "{which} is wrong. For x of shape {x_shape}, W of shape {W_shape} and grad_out of shape "
                  "{g_shape}, it should be {expected}, but is {received}.",
    "hint_scaled": "Hint: it is {factor:.3g} times the right answer.",
    "mutated": "{name} changed its input {arg} in place. Compute new arrays instead, "
               "e.g. grad_out @ W.T rather than grad_out *= ...",
    "hint_transposed": "Hint: this is the transpose of the right answer. Which product gives {expected}? "
                       "Match the shapes: {formula}.",
    "hint_mean": "Hint: b is added to every row, so each row's gradient reaches it: sum over the rows "
                 "(axis 0), don't average.",
    "hint_no_sum": "Hint: b has one entry per unit; add up the rows of grad_out (axis 0).",
    "hint_keepdims": "Hint: sum without keepdims, so grad_b has one axis, like b.",
    "dense_inp": "x of shape {x}, W of shape {W} and grad_out of shape {g}",
    "hint_match_shapes": "Hint: write down each product's shapes, with x (N, D), W (D, M) and grad_out "
                         "(N, M): grad_x (N, D) is grad_out @ W.T, grad_W (D, M) is x.T @ grad_out.",

    # Chapter 3: a stable softmax.
    "pass_softmax": "Well done: {name} gives the right probabilities for all {n} test inputs, "
                    "including logits of ±1000, and leaves its input unchanged.",
    "mutated_softmax": "{name} changed its input logits in place. Compute a new array instead, "
                       "e.g. shifted = logits - logits.max(...) rather than logits -= ...",
    "not_finite": "Not yet: for input {inp}, {name} returned {received}, which is not a finite "
                  "probability.",
    "hint_overflow": "Hint: exp(1000) overflows. Subtract each row's largest logit before exp; "
                     "the softmax does not change, and the largest exponent becomes exp(0) = 1.",
    "hint_shift_max": "Hint: subtract each row's maximum, not its minimum or its mean: only after "
                      "subtracting the maximum is every exponent ≤ 0, so that exp cannot overflow.",
    "hint_max_per_row": "Hint: subtract each row's own maximum (axis=-1, keepdims=True), not the "
                        "maximum of the whole batch: a row far below it becomes exp(−2000) = 0 "
                        "everywhere, and 0 / 0 is nan.",
    "hint_axis": "Hint: your outputs sum to one over the whole batch, not in each row. Take the max "
                 "and the sum along the last axis (axis=-1), with keepdims=True so they line up "
                 "with the rows.",
    "hint_axis_0": "Hint: your outputs sum to one down each column (axis 0), not along each row. "
                   "Take the max and the sum along the last axis (axis=-1), with keepdims=True.",
    "hint_shift_rows": "Hint: each row sums to one, but the values are off: subtract from each row "
                       "its own maximum, np.max(logits, axis=-1, keepdims=True). A maximum taken "
                       "down the columns shifts the entries of one row by different amounts.",
    "hint_softmax_keepdims": "Hint: without keepdims=True, a max or sum along axis=-1 of an (N, C) "
                             "batch has shape (N,), which does not line up with the rows. Write "
                             "np.max(logits, axis=-1, keepdims=True), and the same for the sum.",
    "hint_last_axis": "Hint: use axis=-1, the last axis: it is the classes' axis for one vector "
                      "and for a batch of rows alike.",
    "hint_exp": "Hint: take exp of the (shifted) logits before dividing by their sum.",
    "hint_softmax_formula": "Hint: the softmax is exp(z − max z) / Σ exp(z − max z), along the "
                            "last axis.",
    "hint_not_normalised": "Hint: the outputs should sum to one. Divide by the sum of the "
                           "exponentials.",

    # Chapter 4: a convolution's output size, max pooling's backward pass.
    "pass_output_size": "Well done: {name} gives the right output size for all {n} cases, "
                        "with every padding and stride.",
    "size_inp": "n = {n_in}, k = {k}, padding = {padding!r}, stride = {stride}",
    "output_size": "Not yet: for {inp}, {name} should return {expected}, but returned {received}.",
    "not_integer": "For {inp}, {name} should return a whole number (an int), but returned "
                   "{received}.",
    "hint_int_division": "Hint: / always gives a float; divide with // (floor division).",
    "hint_plus_one": "Hint: count the first position too. A kernel of k fits n − k + 1 times "
                     "at stride 1.",
    "hint_floor": "Hint: a window that would hang over the edge does not count. Divide with "
                  "// (floor), then add 1.",
    "hint_same": "Hint: 'same' pads just enough for ceil(n / s) outputs, whatever k is.",
    "hint_same_even": "Hint: with an even k, no padding that is equal on both sides gives 'same': "
                      "(k − 1) // 2 on each side is one too few, k // 2 one too many. 'same' pads "
                      "one more zero at the end than at the start, so the output size is "
                      "ceil(n / s) whatever k is.",
    "hint_full": "Hint: 'full' pads k − 1 zeros on each side: n + 2(k − 1) rows in all.",
    "pass_pool": "Well done: {name} sends each window's gradient to its maximum in all {n} "
                 "test cases, ties included, and leaves its inputs unchanged.",
    "pool_shape": "{name} should return an array of shape {expected} (the shape of x), but "
                  "returned shape {received}.",
    "pool_inp": "x of shape {shape}",
    "pool_value": "Not yet: for x = {x} and grad_out = {g}, {name} should return {expected}, "
                  "but returned {received}.",
    "pool_value_at": "Not yet: in image {image}, channel {channel} of a batch of shape {shape}, "
                     "for x = {x} and grad_out = {g}, {name} should return {expected}, but "
                     "returned {received}.",
    "hint_pool_amount": "Hint: the right entries get a gradient, but not the right amount: each "
                        "window's maximum receives that window's value of grad_out.",
    "hint_pool_batch": "Hint: some images or channels got no gradient at all. Go over every "
                       "image n and channel c of the batch, e.g. x[:, :, rows, columns].",
    "hint_pool_place": "Hint: each window gets its gradient, but at the wrong place in it. argmax "
                       "of a flattened 2 × 2 window counts row by row: index i is row i // 2, "
                       "column i % 2.",
    "hint_ties": "Hint: in a window where several entries tie for the maximum, give the whole "
                 "gradient to one of them, the first in row-major order (argmax does that).",
    "hint_average": "Hint: the gradient is spread over the whole window. Only the maximum "
                    "affected the output, so only it gets the gradient.",
    "hint_odd": "Hint: with an odd size the last row or column is in no window; its gradient "
                "is zero.",
    "mutated_pool": "{name} changed its input {arg} in place. Build a new array for the "
                    "gradient, e.g. with np.zeros_like(x).",

    # Chapter 5: a dropout mask, an Adagrad step.
    "pass_mask": "Well done: {name} keeps each unit with probability 1 − rate, scales the kept "
                 "ones by 1/(1 − rate), and draws its numbers from the generator it is given.",
    "mask_values": "Not yet: for rate = {rate}, every entry of the mask should be 0 or "
                   "1/(1 − rate) = {scale:.4g}, but {name} returned values such as {received}.",
    "hint_not_scaled": "Hint: the kept units must be scaled by 1/(1 − rate), so that the mean "
                       "of the layer's output stays what it was without dropout.",
    "hint_scaled_by_rate": "Hint: divide the kept units by the probability of keeping one, 1 − rate, "
                           "not by rate.",
    "mask_inp": "rate = {rate}, shape = {shape}",
    "mask_rate": "Not yet: for rate = {rate}, {name} dropped {dropped:.1%} of 100,000 units; it "
                 "should drop about {rate:.0%}.",
    "hint_rate_flipped": "Hint: rate is the fraction dropped, not the fraction kept: keep a unit "
                         "where the uniform number is ≥ rate.",
    "mask_rng": "{name} gave different masks for two generators made with the same seed. Draw "
                "from the generator you are given (rng.random(shape)), not from np.random.",
    "mask_seed": "{name} gave the same mask for two different seeds: it does not draw from the "
                 "generator it is given.",
    "pass_adagrad": "Well done: {name} matches Keras's Adagrad for {n} steps: the accumulator "
                    "adds g², and the step divides by its square root.",
    "not_two": "{name} should return two arrays (new_w, new_accumulator), but returned {received}.",
    "adagrad_value": "Not yet: at step {step}, with w = {w} and g = {g}, {name} should give "
                     "{which} = {expected}, but gave {received}.",
    "hint_accumulate_first": "Hint: add g² to the accumulator first, then divide by the square "
                             "root of the new accumulator.",
    "hint_epsilon": "Hint: Keras adds epsilon inside the square root: √(accumulator + ε).",
    "hint_no_epsilon": "Hint: add epsilon inside the square root, √(accumulator + ε), as Keras does: "
                       "it keeps the step finite while the accumulator is still zero.",
    "hint_sqrt": "Hint: divide by the square root of the accumulator, √(accumulator + ε), not by "
                 "the accumulator itself.",
    "hint_accumulator_old": "Hint: this is the accumulator you were given. Return the new one, "
                            "accumulator + g², that the step divided by.",
    "adagrad_inp": "step {step}: w = {w}, g = {g}, accumulator = {acc}",
    "mutated_adagrad": "{name} changed its input {arg} in place. Return new arrays instead "
                       "(e.g. w - step, not w -= step).",

    # Chapter 6: the discriminator's loss, a generator step through a frozen discriminator.
    "pass_d_loss": "Well done: {name} is the mean of the real and the fake binary cross-entropy "
                   "for all {n} test batches, and stays finite where D is sure.",
    "not_number": "{name} should return one number, but returned {received}.",
    "d_loss_inp": "D(x) = {real} and D(G(z)) = {fake}",
    "d_loss_value": "Not yet: for {inp}, {name} should return {expected}, but returned {received}.",
    "hint_float32_clip": "Hint: your function computes in float32, where 1 − 1e-7 rounds to "
                         "1 − 1.19e-7: where D is sure, the clipped loss comes out 1% off. Keep the "
                         "inputs' float64.",
    "hint_loss_sign": "Hint: the sign is flipped. A cross-entropy is −log of a probability, never "
                      "negative.",
    "hint_clip_epsilon": "Hint: where D is sure (an output of exactly 0 or 1), clip to "
                         "[1e-7, 1 − 1e-7], BinaryCrossentropy's epsilon: a sure mistake then costs "
                         "−log(1e-7) ≈ 16.1.",
    "hint_labels_swapped": "Hint: real images have the label 1 and fakes the label 0: the real "
                           "part is −log D(x), the fake part −log(1 − D(G(z))).",
    "hint_sum_not_mean": "Hint: take the mean over each batch, then the mean of the two parts.",
    "hint_clip": "Hint: clip D's outputs to [ε, 1 − ε] before the logarithm, as "
                 "BinaryCrossentropy does, so that log(0) never happens.",
    "pass_g_step": "Well done: {name} changes G's weights exactly as one non-saturating step "
                   "should, and leaves D's weights as they were.",
    "g_step_moved_d": "{name} changed D's weights. In a generator step D is frozen: "
                      "backpropagate through it, but update only G's parameters.",
    "g_step_value": "Not yet: after one step, G's parameter {param} should be {expected}, but "
                    "is {received}.",
    "hint_minimax": "Hint: it looks like the minimax loss log(1 − D(G(z))). Use the "
                    "non-saturating one, −log D(G(z)): fakes labelled 1.",
    "hint_wrong_sign": "Hint: the step went the wrong way: G should make D(G(z)) larger.",
    "g_step_still": "{name} did not change G's weights. Compute the loss on D(G(z)), "
                    "backpropagate through D and then G, and apply the optimizer to G's "
                    "parameters and gradients.",
}
"""The texts, by key, in English. Explained in Chapter 1."""

MESSAGES = ByLanguage(en=MESSAGES_EN, zh_CN=MESSAGES_ZH)
"""The texts, by key, in the book's language; ``{fields}`` are filled in by the checks.
Explained in Chapter 1."""
