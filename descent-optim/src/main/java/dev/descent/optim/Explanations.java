package dev.descent.optim;

/**
 * The texts of {@link Optimizers#explain}: equations (the same as each class's javadoc), paper, and how the
 * namesakes in other libraries differ (research/features.md section 3). Defaults are not written here: they
 * are rendered from the catalog keys, which read the classes' {@code DEFAULT_*} constants.
 */
final class Explanations {

    private Explanations() {
    }

    static final String SGD_SUMMARY = "stochastic gradient descent with optional heavy-ball or Nesterov momentum (torch.optim.SGD)";
    static final String SGD = """
            Update (per element; t counts updates from 1; eta = lr, mu = momentum, tau = dampening, lambda = weight_decay):
              g <- g + lambda*w                      (only if lambda != 0)
              if mu != 0:
                  b <- g                             (t = 1: the buffer starts as the first gradient)
                  b <- mu*b + (1 - tau)*g            (t > 1)
                  g <- g + mu*b   if nesterov, else   g <- b
              w <- w - eta*g
            nesterov=true needs momentum > 0 and dampening = 0.

            Papers:
              B. T. Polyak, "Some methods of speeding up the convergence of iteration methods",
              USSR Computational Mathematics and Mathematical Physics 4(5), 1964.
              https://doi.org/10.1016/0041-5553(64)90137-5
              I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of initialization and momentum
              in deep learning", ICML 2013. https://proceedings.mlr.press/v28/sutskever13.html

            How other libraries differ:
              - PyTorch's buffer starts as the raw first gradient, so momentum=b, dampening=b is not the
                textbook moving average (that is `momentum`).
              - Keras, scikit-learn, Smile and DJL put lr inside the velocity (v <- mu*v - lr*g; w <- w + v):
                equal for a constant lr, different once a schedule changes it. optax and Tribuo match PyTorch.
              - DL4J has no heavy-ball updater (Sgd is plain; momentum only in Nesterovs).
              - PyTorch 2.x defaults lr to 1e-3; here, as in PyTorch 1.13, lr is required.
            """;

    static final String NESTEROV_SUMMARY = "SGD with Nesterov momentum, short for sgd(lr, momentum, nesterov=true)";
    static final String NESTEROV = """
            Update (per element; t counts updates from 1; eta = lr, mu = momentum, lambda = weight_decay):
              g <- g + lambda*w                      (only if lambda != 0)
              b <- g   (t = 1)        b <- mu*b + g   (t > 1)
              w <- w - eta*(g + mu*b)
            Bit for bit equal to sgd(lr=eta, momentum=mu, nesterov=true, weight_decay=lambda).

            Paper:
              I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of initialization and momentum
              in deep learning", ICML 2013. https://proceedings.mlr.press/v28/sutskever13.html
              (after Y. Nesterov, "A method for solving the convex programming problem with convergence rate
              O(1/k^2)", Soviet Mathematics Doklady 27, 1983)

            How other libraries differ:
              - All rewrite the look-ahead so the gradient is taken at the current w; they agree for a constant lr.
              - Keras and scikit-learn MLP: v <- mu*v - lr*g; w <- w + mu*v - lr*g (lr inside the velocity;
                scikit-learn has Nesterov on by default).
              - DL4J Nesterovs: v <- mu*v - lr*g; w <- w + v + mu*(v - v_old); defaults lr 0.1, momentum 0.9.
              - Tribuo NESTEROV: m <- rho*m + g; w <- w - lr*g - lr*rho*m.
            """;

    static final String MOMENTUM_SUMMARY = "gradient descent with momentum as a moving average of gradients (the textbook form)";
    static final String MOMENTUM = """
            Update (per element; eta = lr, beta = beta, lambda = weight_decay; v starts at 0):
              g <- g + lambda*w                      (only if lambda != 0)
              v <- beta*v + (1 - beta)*g
              w <- w - eta*v

            Source:
              A. Ng, "Improving Deep Neural Networks: Hyperparameter Tuning, Regularization and Optimization",
              lecture "Gradient descent with momentum", deeplearning.ai / Coursera, 2017.
              https://www.coursera.org/learn/deep-neural-network

            How other libraries differ:
              - Not a torch.optim class. In exact arithmetic it equals PyTorch
                sgd(lr=eta*(1 - beta), momentum=beta, dampening=0); it is NOT sgd(momentum=beta, dampening=beta),
                whose buffer starts as the raw first gradient instead of (1 - beta)*g.
              - No bias correction: the first steps are short by the factor 1 - beta^t (Adam corrects this).
              - Keras, scikit-learn and DJL momentum put lr inside the velocity and do not damp the gradient.
            """;

    static final String RMSPROP_SUMMARY = "divide the gradient by a running RMS of recent gradients (torch.optim.RMSprop)";
    static final String RMSPROP = """
            Update (per element; eta = lr, alpha = alpha, eps = eps, mu = momentum, lambda = weight_decay; v, gbar, b start at 0):
              g <- g + lambda*w                      (only if lambda != 0)
              v <- alpha*v + (1 - alpha)*g^2
              centered:   gbar <- alpha*gbar + (1 - alpha)*g;   avg = sqrt(v - gbar^2) + eps
              otherwise:                                        avg = sqrt(v) + eps
              if mu > 0:  b <- mu*b + g/avg;   w <- w - eta*b
              otherwise:  w <- w - eta*g/avg

            Papers:
              T. Tieleman, G. Hinton, "Lecture 6.5 - RMSprop: Divide the gradient by a running average of its
              recent magnitude", COURSERA: Neural Networks for Machine Learning, 2012.
              https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf
              A. Graves, "Generating Sequences With Recurrent Neural Networks" (centered form), arXiv 2013.
              https://arxiv.org/abs/1308.0850

            How other libraries differ:
              - Keras puts eps inside the square root (sqrt(v + eps)) and defaults to rho=0.9, lr=1e-3, eps=1e-7;
                its momentum accumulates lr*g/avg (lr inside the buffer).
              - optax puts eps inside the square root by default (eps_in_sqrt=True), rho 0.9, optional bias correction.
              - Smile puts eps inside the square root (1e-7); DL4J and Tribuo put it outside like PyTorch
                (DL4J defaults lr 0.1, rho 0.95, no centered, no momentum).
              - DJL delegates to MXNet (momentum 0.9 by default) and does not support it on the PyTorch engine.
              - No library bias-corrects by default.
            """;

    static final String ADAM_SUMMARY = "bias-corrected moving averages of the gradient and its square (Kingma & Ba, torch.optim.Adam)";
    static final String ADAM = """
            Update (per element; t counts updates from 1; eta = lr, b1 = beta1, b2 = beta2, lambda = weight_decay; m, v, vmax start at 0):
              g <- g + lambda*w                      (only if lambda != 0; coupled L2)
              m <- b1*m + (1 - b1)*g
              v <- b2*v + (1 - b2)*g^2
              vmax <- max(vmax, v)                   (amsgrad; vmax then replaces v below)
              bc1 = 1 - b1^t      bc2 = 1 - b2^t
              w <- w - (eta/bc1)*m / (sqrt(v)/sqrt(bc2) + eps)      (= w - eta*mhat/(sqrt(vhat) + eps))

            Papers:
              D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
              https://arxiv.org/abs/1412.6980
              S. J. Reddi, S. Kale, S. Kumar, "On the Convergence of Adam and Beyond" (AMSGrad), ICLR 2018.
              https://openreview.net/forum?id=ryQu7f-RZ

            How other libraries differ:
              - eps is added after bias correction, outside the square root (Algorithm 1; PyTorch, optax).
              - Keras, DL4J, Tribuo, scikit-learn and DJL use the "epsilon-hat" form
                lr_t = lr*sqrt(1 - b2^t)/(1 - b1^t); w <- w - lr_t*m/(sqrt(v) + eps), which equals Algorithm 1
                with a larger early eps (eps/sqrt(1 - b2^t)). Keras' eps default is 1e-7, Tribuo's 1e-6.
              - DL4J replaces lr_t by eps when it is NaN, 0 or infinite.
              - AMSGrad: PyTorch, Keras and DL4J take the max of the uncorrected v; optax takes it over the
                bias-corrected vhat, which keeps large early values and takes smaller steps later.
              - weight_decay here is L2 added to the gradient; decoupled decay is adamw.
            """;

    static final String ADAMW_SUMMARY = "Adam with decoupled weight decay (Loshchilov & Hutter, torch.optim.AdamW)";
    static final String ADAMW = """
            Update (per element; t counts updates from 1; eta = lr, lambda = weight_decay; m, v, vmax start at 0):
              w <- w*(1 - eta*lambda)                (decoupled: the gradient is not changed)
              m <- b1*m + (1 - b1)*g
              v <- b2*v + (1 - b2)*g^2
              vmax <- max(vmax, v)                   (amsgrad; vmax then replaces v below)
              bc1 = 1 - b1^t      bc2 = 1 - b2^t
              w <- w - (eta/bc1)*m / (sqrt(v)/sqrt(bc2) + eps)
            With weight_decay=0 it is adam, bit for bit.

            Paper:
              I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.
              https://arxiv.org/abs/1711.05101

            How other libraries differ:
              - Keras applies decoupled decay (w <- w - w*lambda*lr) to every optimizer; AdamW default lambda 0.004.
              - optax adamw adds lambda*w to the scaled Adam direction, then multiplies by lr; default lambda 1e-4.
              - DJL decays with the scheduled lr (not bias-corrected); DL4J uses WeightDecay(applyLR=true).
              - PyTorch's default lambda is 0.01, as here. eps and AMSGrad as in adam.
            """;

    static final String ADAGRAD_SUMMARY = "per-coordinate steps from the sum of squared gradients (Duchi et al., torch.optim.Adagrad)";
    static final String ADAGRAD = """
            Update (per element; t counts updates from 1; eta = lr, delta = lr_decay, lambda = weight_decay; s starts at initial_accumulator_value):
              g <- g + lambda*w                      (only if lambda != 0)
              clr = eta / (1 + (t - 1)*delta)
              s <- s + g^2
              w <- w - clr*g / (sqrt(s) + eps)

            Paper:
              J. Duchi, E. Hazan, Y. Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
              Optimization", JMLR 12, 2011. https://jmlr.org/papers/v12/duchi11a.html

            How other libraries differ:
              - Keras: eps inside the square root (sqrt(s + eps), 1e-7), initial accumulator 0.1, lr 1e-3.
              - optax: eps inside the square root (1e-7), initial accumulator 0.1, zero update where s = 0.
              - DL4J: eps outside, but the accumulator starts at eps; lr 0.1, eps 1e-6.
              - Tribuo: trainer defaults lr 1.0, eps 0.1 (outside), accumulator 0.
              - Only PyTorch has lr_decay.
            """;

    static final String ADADELTA_SUMMARY = "steps from the ratio of RMS updates to RMS gradients (Zeiler, torch.optim.Adadelta)";
    static final String ADADELTA = """
            Update (per element; eta = lr, rho = rho, lambda = weight_decay; Eg, Ed start at 0):
              g <- g + lambda*w                      (only if lambda != 0)
              Eg <- rho*Eg + (1 - rho)*g^2
              delta = sqrt(Ed + eps) / sqrt(Eg + eps) * g
              Ed <- rho*Ed + (1 - rho)*delta^2
              w <- w - eta*delta

            Paper:
              M. D. Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv 2012.
              https://arxiv.org/abs/1212.5701

            How other libraries differ:
              - The equations agree (PyTorch, Keras, DL4J, Tribuo); the learning rate does not.
              - Keras defaults lr to 1e-3 (rho 0.95, eps 1e-7): 1000x smaller steps than PyTorch's 1.0.
              - DL4J, Tribuo and DJL have no lr at all (lr = 1; rho 0.95 in DL4J and Tribuo).
            """;

    static final String ADAMAX_SUMMARY = "Adam with the infinity norm (Kingma & Ba, section 7.1, torch.optim.Adamax)";
    static final String ADAMAX = """
            Update (per element; t counts updates from 1; eta = lr, b1 = beta1, b2 = beta2, lambda = weight_decay; m, u start at 0):
              g <- g + lambda*w                      (only if lambda != 0)
              m <- b1*m + (1 - b1)*g
              u <- max(b2*u, |g| + eps)
              clr = eta / (1 - b1^t)
              w <- w - clr*m/u

            Paper:
              D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.1.
              https://arxiv.org/abs/1412.6980

            How other libraries differ:
              - optax matches PyTorch (eps inside the max).
              - Keras puts eps outside the max: u <- max(b2*u, |g|); w <- w - lr*m/((1 - b1^t)*(u + eps));
                lr 1e-3, eps 1e-7.
              - DL4J adds 1e-32 instead of eps (its eps is only a fallback step size); lr 1e-3.
            """;

    static final String NADAM_SUMMARY = "Adam with Nesterov momentum and a momentum schedule (Dozat, torch.optim.NAdam 2.x)";
    static final String NADAM = """
            Update (per element; t counts updates from 1; eta = lr, b1 = beta1, b2 = beta2, psi = momentum_decay, lambda = weight_decay; m, v start at 0, P at 1):
              g <- g + lambda*w                      (only if lambda != 0)
              mu  = b1*(1 - 0.5*0.96^(t*psi))
              mu' = b1*(1 - 0.5*0.96^((t + 1)*psi))
              P <- P*mu                              (P' = P*mu'; P is the state scalar mu_product)
              m <- b1*m + (1 - b1)*g
              v <- b2*v + (1 - b2)*g^2
              denom = sqrt(v/(1 - b2^t)) + eps
              w <- w - eta*(1 - mu)/(1 - P) * g/denom
              w <- w - eta*mu'/(1 - P') * m/denom

            Paper:
              T. Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 Workshop.
              https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ

            How other libraries differ:
              - PyTorch 1.13's default single-tensor path multiplied an extra mu into the product; fixed in
                2.0 by PR #92699. This follows 2.x.
              - Keras: u_t = b1*(1 - 0.5*0.96^t), no momentum_decay factor, so mu reaches b1 within ~100 steps
                instead of following t/250; lr 1e-3, eps 1e-7.
              - optax nadam = adam(nesterov=True): constant b1, no mu schedule.
              - DL4J: no schedule, and v is not bias-corrected.
            """;

    static final String RADAM_SUMMARY = "Adam with a rectified adaptive learning rate (Liu et al., torch.optim.RAdam)";
    static final String RADAM = """
            Update (per element; t counts updates from 1; eta = lr, b1 = beta1, b2 = beta2, lambda = weight_decay; m, v start at 0):
              g <- g + lambda*w                      (only if lambda != 0)
              m <- b1*m + (1 - b1)*g
              v <- b2*v + (1 - b2)*g^2
              bc1 = 1 - b1^t      bc2 = 1 - b2^t      mhat = m/bc1
              rho_inf = 2/(1 - b2) - 1
              rho = rho_inf - 2*t*b2^t/bc2
              if rho > 5:  r = sqrt((rho - 4)(rho - 2)rho_inf / ((rho_inf - 4)(rho_inf - 2)rho))
                           w <- w - mhat*eta*(sqrt(bc2)/(sqrt(v) + eps))*r
              otherwise:   w <- w - mhat*eta
            With the defaults the first 5 steps take the second branch.

            Paper:
              L. Liu, H. Jiang, P. He, W. Chen, X. Liu, J. Gao, J. Han, "On the Variance of the Adaptive
              Learning Rate and Beyond", ICLR 2020. https://arxiv.org/abs/1908.03265

            How other libraries differ:
              - PyTorch (and this) adds eps to sqrt(v) before bias correction.
              - optax rectifies when rho >= 5 (not >) and adds eps after bias correction.
            """;

    static final String EMA_SUMMARY = "exponential moving average of the weights after every update (torch AveragedModel with get_ema_multi_avg_fn)";
    static final String EMA = """
            Average (per element; t counts updates from 1; w_t = the weights after update t, d = decay):
              a_1 <- w_1                             (the first update copies the weights)
              a_t <- a + (1 - d)*(w_t - a)           (t > 1; torch.lerp(a, w, 1 - d), = d*a + (1 - d)*w_t)
            So w_{t-k} weighs (1 - d)*d^k and w_1 weighs d^(t-1); decay=0 gives the last weights. The average is
            kept in float64 and rounded to the model's dtype when it becomes the model. In descent train
            (--average) the saved model holds the average, and the validation metrics are the average's.

            Sources:
              B. T. Polyak, A. B. Juditsky, "Acceleration of Stochastic Approximation by Averaging",
              SIAM Journal on Control and Optimization 30(4), 1992. https://doi.org/10.1137/0330046
              PyTorch torch.optim.swa_utils.AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay)),
              update_parameters after each optimizer step. https://pytorch.org/docs/stable/optim.html

            How other libraries differ:
              - Keras 3 (optimizer use_ema=True, ema_momentum=0.99): the same average (momentum 0 on the first
                step), in the variables' dtype; fit() copies it into the model at the end, validation uses the
                raw weights unless the SwapEMAWeights callback swaps them in, and ema_overwrite_frequency=N
                copies it into the model every N steps, which changes training (not offered here).
              - optax ema(decay, debias=True): starts from 0 and divides by 1 - d^t, which weighs the first
                weights by (1 - d)*d^(t-1)/(1 - d^t) instead of d^(t-1); equal at t = 1 and as t grows.
              - PyTorch keeps the average in the model's dtype (float32 rounding on every update); decay=1 is
                accepted there (the first update's weights forever) and refused here.
            """;

    static final String SWA_SUMMARY = "equal average of the end-of-epoch weights from start_epoch on (stochastic weight averaging, torch AveragedModel)";
    static final String SWA = """
            Average (per element; epochs count from 1; w_e = the weights at the end of epoch e, s = start_epoch):
              a_1 <- w_s                             (the first epoch averaged is copied)
              a_n <- a + (w_{s+n-1} - a)/n           (n > 1; torch's get_swa_avg_fn)
            So a_n = (w_s + ... + w_{s+n-1})/n. Before epoch s there is no average and the model is the live
            weights. In descent train (--average) the saved model holds the average, and the validation metrics
            are the average's once it has begun.

            Paper:
              P. Izmailov, D. Podoprikhin, T. Garipov, D. Vetrov, A. G. Wilson, "Averaging Weights Leads to Wider
              Optima and Better Generalization", UAI 2018. https://arxiv.org/abs/1803.05407

            How other libraries differ:
              - PyTorch's AveragedModel averages whenever update_parameters is called; its tutorial calls it after
                each epoch with epoch > swa_start (0-based), i.e. start_epoch = swa_start + 2 here. Its SWALR
                schedule is not offered; any --schedule works. update_bn has nothing to do here (no batch norm).
              - PyTorch on CUDA computes a.lerp(w, 1/n) instead of the division (rounding differs).
              - Keras has no SWA; TensorFlow Addons' SWA averaged every average_period steps from start_averaging.
              - The paper starts at about 75% of the budget with a constant or cyclic learning rate.
            """;
}
