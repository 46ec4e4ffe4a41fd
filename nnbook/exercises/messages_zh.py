"""Introduced in Chapter 1. The self-checks' texts in Simplified Chinese, for the Chinese edition.

The same keys and ``{fields}`` as the English table in ``nnbook.exercises.messages``; code,
names and formulas stay as they are.
"""

MESSAGES_ZH = {
    # Any check.
    "pass": "做得好：{name} 在全部 {n} 个测试输入上都正确。",
    "raised": "{name} 抛出了 {error}。读一读这条错误信息，改正它指出的那一行，再运行一次检查。",
    "raised_at": "{name} 抛出了 {error}。它来自 {func} 的第 {line} 行：`{code}`。读一读这条错误信息，"
                 "改正那一行，再运行一次检查。",
    "raised_at_line": "{name} 抛出了 {error}。它来自 {func} 的第 {line} 行。读一读这条错误信息，"
                      "改正那一行，再运行一次检查。",
    "raised_for": "对输入 {inp}，{name} 抛出了 {error}。读一读这条错误信息，改正它指出的那一行，"
                  "再运行一次检查。",
    "raised_at_for": "对输入 {inp}，{name} 抛出了 {error}。它来自 {func} 的第 {line} 行："
                     "`{code}`。读一读这条错误信息，改正那一行，再运行一次检查。",
    "raised_at_line_for": "对输入 {inp}，{name} 抛出了 {error}。它来自 {func} 的第 {line} 行。"
                          "读一读这条错误信息，改正那一行，再运行一次检查。",
    "not_callable": "检查要的是你的函数本身，写成 check(my_function)，my_function 后面不加括号；"
                    "但它收到的是 {received}。",
    "check_failed": "检查无法理解 {name} 返回的东西（{error}）。请返回一个由实数组成的数组。",
    "not_implemented": "{name} 还是占位代码。把 `raise NotImplementedError` 换成你的代码。",
    "returned_none": "{name} 返回了 None。是不是忘了写 `return` 语句？",
    "returned_none_for": "对输入 {inp}，{name} 返回了 None。你的函数的每一条路径都以 `return` "
                         "语句结束吗？",
    "shape": "{name} 应返回形状为 {expected} 的数组，但返回的形状是 {received}。",
    "value": "还不对：对输入 {inp}，{name} 应返回 {expected}，但返回了 {received}。",
    "not_array": "{name} 应返回一个由实数组成的数组{shape}，但返回了 {received}。",
    "not_array_part": "{which} 应是一个由实数组成的数组{shape}，但它是 {received}。",
    "of_shape": "（形状为 {shape}）",
    "hint_float32": "提示：两者只在大约第 7 位有效数字之后才不同，float32（单精度）的计算正是这样。"
                    "请保持输入的 float64：去掉 float32 的转换或 dtype。",
    # How a check describes a value it cannot use, inside the messages above.
    "an_array": "一个形状为 {shape}、dtype 为 {dtype} 的数组",
    "ragged": "{value}，它的各行长度不同",
    "of_type": "类型为 {type} 的 {value}",

    # Chapter 1: the sigmoid's derivative.
    "not_scalar": "对一个数 a，{name} 应返回一个数，但返回了形状为 {received} 的数组。",
    "hint_sigmoid_twice": "提示：看起来你先对输入用了一次 sigmoid。输入已经是 sigmoid 的输出 a，"
                          "所以斜率是 a · (1 − a)。",
    "hint_derivative_sign": "提示：符号反了。sigmoid 是递增的，所以它的斜率 a · (1 − a) 永远不为负。",
    "mutated_derivative": "{name} 原地修改了它的输入 a（a *= ... 也会改掉调用者的数组）。"
                          "请计算一个新数组：return a * (1 - a)。",

    # Chapter 2: a dense layer's backward pass.
    "pass_dense": "做得好：{name} 在 {n} 个测试用例上都返回了正确的 grad_x、grad_W 和 grad_b，"
                  "而且没有改动它的输入。",
    "not_three": "{name} 应返回三个数组（grad_x, grad_W, grad_b），但返回了 {received}。",
    "items": "一个含 {n} 项的 {type}",
    "one_value": "一个值 {value}",
    "grad_shape": "{which} 的形状应为 {expected}（与 {like} 相同），但它的形状是 {received}。",
    "grad_value": "{which} 不对。对形状为 {x_shape} 的 x、形状为 {W_shape} 的 W 和形状为 {g_shape} "
                  "的 grad_out，它应是 {expected}，但它是 {received}。",
    "hint_scaled": "提示：它是正确答案的 {factor:.3g} 倍。",
    "mutated": "{name} 原地修改了它的输入 {arg}。请计算新的数组，例如用 grad_out @ W.T，"
               "而不是 grad_out *= ...",
    "hint_transposed": "提示：这是正确答案的转置。哪个乘积能得到 {expected}？对一对形状：{formula}。",
    "hint_mean": "提示：b 被加到每一行上，所以每一行的梯度都会传到它：对各行求和（axis 0），"
                 "不要求平均。",
    "hint_no_sum": "提示：b 每个单元只有一项；把 grad_out 的各行加起来（axis 0）。",
    "hint_keepdims": "提示：求和时不要用 keepdims，这样 grad_b 和 b 一样只有一个轴。",
    "dense_inp": "形状为 {x} 的 x、形状为 {W} 的 W 和形状为 {g} 的 grad_out",
    "hint_match_shapes": "提示：写下每个乘积的形状，x 为 (N, D)，W 为 (D, M)，grad_out 为 (N, M)："
                         "grad_x (N, D) 是 grad_out @ W.T，grad_W (D, M) 是 x.T @ grad_out。",

    # Chapter 3: a stable softmax.
    "pass_softmax": "做得好：{name} 在全部 {n} 个测试输入上都给出了正确的概率，包括 ±1000 的 logits，"
                    "而且没有改动它的输入。",
    "mutated_softmax": "{name} 原地修改了它的输入 logits。请计算一个新数组，例如 "
                       "shifted = logits - logits.max(...)，而不是 logits -= ...",
    "not_finite": "还不对：对输入 {inp}，{name} 返回了 {received}，这不是有限的概率。",
    "hint_overflow": "提示：exp(1000) 会溢出。在求 exp 之前先减去每一行最大的 logit；"
                     "softmax 的结果不变，而最大的指数变成 exp(0) = 1。",
    "hint_shift_max": "提示：减去每一行的最大值，而不是最小值或平均值：只有减去最大值之后，"
                      "每个指数才都 ≤ 0，exp 才不会溢出。",
    "hint_max_per_row": "提示：减去每一行自己的最大值（axis=-1, keepdims=True），而不是整个批量的"
                        "最大值：远低于它的一行会处处变成 exp(−2000) = 0，而 0 / 0 是 nan。",
    "hint_axis": "提示：你的输出在整个批量上加起来为 1，而不是每一行。沿最后一个轴（axis=-1）取最大值"
                 "和求和，并加上 keepdims=True，让结果与各行对齐。",
    "hint_axis_0": "提示：你的输出沿每一列（axis 0）加起来为 1，而不是沿每一行。沿最后一个轴"
                   "（axis=-1）取最大值和求和，并加上 keepdims=True。",
    "hint_shift_rows": "提示：每一行的和都是 1，但数值不对：从每一行减去它自己的最大值，"
                       "np.max(logits, axis=-1, keepdims=True)。沿列取的最大值会让同一行的各项"
                       "平移不同的量。",
    "hint_softmax_keepdims": "提示：没有 keepdims=True 时，对形状为 (N, C) 的批量沿 axis=-1 取最大值"
                             "或求和，得到的形状是 (N,)，与各行对不齐。写成 "
                             "np.max(logits, axis=-1, keepdims=True)，求和也一样。",
    "hint_last_axis": "提示：用 axis=-1，即最后一个轴：对单个向量和对一批行，它都是类别所在的轴。",
    "hint_exp": "提示：先对（平移后的）logits 求 exp，再除以它们的和。",
    "hint_softmax_formula": "提示：softmax 是 exp(z − max z) / Σ exp(z − max z)，沿最后一个轴计算。",
    "hint_not_normalised": "提示：输出之和应为 1。请除以各指数之和。",

    # Chapter 4: a convolution's output size, max pooling's backward pass.
    "pass_output_size": "做得好：{name} 在全部 {n} 种情况下都给出了正确的输出尺寸，"
                        "各种填充和步幅都对。",
    "size_inp": "n = {n_in}, k = {k}, padding = {padding!r}, stride = {stride}",
    "output_size": "还不对：对 {inp}，{name} 应返回 {expected}，但返回了 {received}。",
    "not_integer": "对 {inp}，{name} 应返回一个整数（int），但返回了 {received}。",
    "hint_int_division": "提示：/ 总是得到浮点数；请用 //（向下取整除法）。",
    "hint_plus_one": "提示：第一个位置也要算上。步幅为 1 时，大小为 k 的卷积核能放下 n − k + 1 次。",
    "hint_floor": "提示：会伸出边缘的窗口不算。先用 //（向下取整）相除，再加 1。",
    "hint_same": "提示：'same' 填充得刚好够输出 ceil(n / s) 个，与 k 无关。",
    "hint_same_even": "提示：k 为偶数时，两侧相等的填充都得不到 'same'：每侧 (k − 1) // 2 少了一个，"
                      "k // 2 多了一个。'same' 在末尾比开头多填一个零，所以输出尺寸是 ceil(n / s)，"
                      "与 k 无关。",
    "hint_full": "提示：'full' 在每一侧填充 k − 1 个零：总共 n + 2(k − 1) 行。",
    "pass_pool": "做得好：在全部 {n} 个测试用例中（包括并列最大值的情况），{name} 都把每个窗口的梯度"
                 "送到了它的最大值处，而且没有改动它的输入。",
    "pool_shape": "{name} 应返回形状为 {expected} 的数组（与 x 相同），但返回的形状是 {received}。",
    "pool_inp": "形状为 {shape} 的 x",
    "pool_value": "还不对：对 x = {x} 和 grad_out = {g}，{name} 应返回 {expected}，但返回了 {received}。",
    "pool_value_at": "还不对：在形状为 {shape} 的批量中的第 {image} 张图像、第 {channel} 个通道，"
                     "对 x = {x} 和 grad_out = {g}，{name} 应返回 {expected}，但返回了 {received}。",
    "hint_pool_amount": "提示：得到梯度的位置是对的，但数值不对：每个窗口的最大值应得到该窗口对应的 "
                        "grad_out 值。",
    "hint_pool_batch": "提示：有些图像或通道完全没有得到梯度。要遍历批量中的每张图像 n 和每个通道 c，"
                       "例如 x[:, :, rows, columns]。",
    "hint_pool_place": "提示：每个窗口都得到了梯度，但放错了位置。对展平的 2 × 2 窗口求 argmax 时"
                       "是按行计数的：下标 i 在第 i // 2 行、第 i % 2 列。",
    "hint_ties": "提示：在几个元素并列最大的窗口里，把全部梯度给其中一个，即按行优先顺序的第一个"
                 "（argmax 就是这样做的）。",
    "hint_average": "提示：梯度被分摊到了整个窗口。只有最大值影响了输出，所以只有它得到梯度。",
    "hint_odd": "提示：尺寸为奇数时，最后一行或一列不属于任何窗口；它的梯度为零。",
    "mutated_pool": "{name} 原地修改了它的输入 {arg}。请为梯度新建一个数组，例如用 np.zeros_like(x)。",

    # Chapter 5: a dropout mask, an Adagrad step.
    "pass_mask": "做得好：{name} 以 1 − rate 的概率保留每个单元，把保留的单元乘以 1/(1 − rate)，"
                 "并从传给它的生成器中抽取随机数。",
    "mask_values": "还不对：rate = {rate} 时，掩码的每一项都应为 0 或 1/(1 − rate) = {scale:.4g}，"
                   "但 {name} 返回了 {received} 这样的值。",
    "hint_not_scaled": "提示：保留的单元必须乘以 1/(1 − rate)，这样该层输出的均值才与不用暂退法时相同。",
    "hint_scaled_by_rate": "提示：保留的单元要除以保留的概率 1 − rate，而不是除以 rate。",
    "mask_inp": "rate = {rate}, shape = {shape}",
    "mask_rate": "还不对：rate = {rate} 时，{name} 在 100,000 个单元中丢弃了 {dropped:.1%}；"
                 "它应丢弃大约 {rate:.0%}。",
    "hint_rate_flipped": "提示：rate 是丢弃的比例，不是保留的比例：在均匀随机数 ≥ rate 的地方保留单元。",
    "mask_rng": "用同一个种子创建的两个生成器，{name} 却给出了不同的掩码。请从传给你的生成器中抽取"
                "（rng.random(shape)），不要用 np.random。",
    "mask_seed": "两个不同的种子，{name} 却给出了相同的掩码：它没有从传给它的生成器中抽取。",
    "pass_adagrad": "做得好：{name} 在 {n} 步中都与 Keras 的 Adagrad 一致：累加器加上 g²，"
                    "步长除以它的平方根。",
    "not_two": "{name} 应返回两个数组（new_w, new_accumulator），但返回了 {received}。",
    "adagrad_value": "还不对：在第 {step} 步，w = {w}、g = {g} 时，{name} 应给出 {which} = {expected}，"
                     "但给出了 {received}。",
    "hint_accumulate_first": "提示：先把 g² 加到累加器上，再除以新累加器的平方根。",
    "hint_epsilon": "提示：Keras 把 epsilon 加在平方根里面：√(accumulator + ε)。",
    "hint_no_epsilon": "提示：像 Keras 那样把 epsilon 加在平方根里面，√(accumulator + ε)："
                       "在累加器仍为零时，它让步长保持有限。",
    "hint_sqrt": "提示：要除以累加器的平方根 √(accumulator + ε)，而不是累加器本身。",
    "hint_accumulator_old": "提示：这是传给你的那个累加器。请返回步长所除的新累加器 accumulator + g²。",
    "adagrad_inp": "第 {step} 步：w = {w}, g = {g}, accumulator = {acc}",
    "mutated_adagrad": "{name} 原地修改了它的输入 {arg}。请返回新的数组（例如 w - step，"
                       "而不是 w -= step）。",

    # Chapter 6: the discriminator's loss, a generator step through a frozen discriminator.
    "pass_d_loss": "做得好：在全部 {n} 个测试批量上，{name} 都是真实样本与生成样本的二元交叉熵的平均，"
                   "并且在 D 十分确定时仍保持有限。",
    "not_number": "{name} 应返回一个数，但返回了 {received}。",
    "d_loss_inp": "D(x) = {real} 和 D(G(z)) = {fake}",
    "d_loss_value": "还不对：对 {inp}，{name} 应返回 {expected}，但返回了 {received}。",
    "hint_float32_clip": "提示：你的函数用 float32 计算，其中 1 − 1e-7 会舍入成 1 − 1.19e-7："
                         "在 D 十分确定的地方，截断后的损失会差 1%。请保持输入的 float64。",
    "hint_loss_sign": "提示：符号反了。交叉熵是概率的 −log，永远不为负。",
    "hint_clip_epsilon": "提示：在 D 十分确定的地方（输出恰好为 0 或 1），截断到 [1e-7, 1 − 1e-7]，"
                         "即 BinaryCrossentropy 的 epsilon：这样一个十分确定的错误的代价是 "
                         "−log(1e-7) ≈ 16.1。",
    "hint_labels_swapped": "提示：真实图像的标签是 1，生成的假图像标签是 0：真实部分是 −log D(x)，"
                           "假图像部分是 −log(1 − D(G(z)))。",
    "hint_sum_not_mean": "提示：先在每个批量上取平均，再对两部分取平均。",
    "hint_clip": "提示：像 BinaryCrossentropy 那样，在取对数之前把 D 的输出截断到 [ε, 1 − ε]，"
                 "这样就不会出现 log(0)。",
    "pass_g_step": "做得好：{name} 对 G 的权重的改变与一步非饱和更新完全一致，并且没有动 D 的权重。",
    "g_step_moved_d": "{name} 改动了 D 的权重。在生成器的一步中 D 是冻结的：梯度要反向传播经过它，"
                      "但只更新 G 的参数。",
    "g_step_value": "还不对：一步之后，G 的参数 {param} 应为 {expected}，但它是 {received}。",
    "hint_minimax": "提示：这看起来是极小极大损失 log(1 − D(G(z)))。请用非饱和损失 −log D(G(z))："
                    "把生成的样本标为 1。",
    "hint_wrong_sign": "提示：这一步走反了：G 应让 D(G(z)) 变大。",
    "g_step_still": "{name} 没有改变 G 的权重。先在 D(G(z)) 上计算损失，依次反向传播经过 D 和 G，"
                    "再把优化器用在 G 的参数和梯度上。",
}
"""The texts, by key, in Chinese. Explained in Chapter 1."""
