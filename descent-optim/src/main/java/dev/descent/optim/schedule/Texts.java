package dev.descent.optim.schedule;

/** The texts of {@link Schedules#explain}; defaults are rendered from the catalog keys. */
final class Texts {

    private Texts() {
    }

    static final String STEP_SUMMARY = "multiply the rate by gamma every step_size steps (torch.optim.lr_scheduler.StepLR)";
    static final String STEP = """
            Schedule (t = scheduler steps taken, from 0):
              lr(t) = base_lr * gamma^floor(t / step_size)

            Follows torch.optim.lr_scheduler.StepLR (closed form).

            How other libraries differ:
              - Keras: ExponentialDecay(staircase=True) with decay_steps; evaluated per batch (optimizer.iterations).
              - optax: exponential_decay(staircase=True), or piecewise_constant_schedule.
              - DL4J: StepSchedule(ScheduleType.ITERATION or EPOCH, ...).
            """;

    static final String MULTISTEP_SUMMARY = "multiply the rate by gamma at each milestone (torch.optim.lr_scheduler.MultiStepLR)";
    static final String MULTISTEP = """
            Schedule (t = scheduler steps taken, from 0):
              lr(t) = base_lr * gamma^k,   k = how many milestones are <= t
            Milestones are written joined by '|': multistep(milestones=30|80) gives base_lr for t < 30,
            base_lr*gamma for 30 <= t < 80, base_lr*gamma^2 from t = 80 on. They must be increasing and >= 0.

            Follows torch.optim.lr_scheduler.MultiStepLR(milestones=[30, 80]) in its closed form.

            How other libraries differ:
              - PyTorch accepts milestones in any order and counts a repeated one twice (gamma^2 at once);
                here both are errors.
              - Keras PiecewiseConstantDecay(boundaries, values) gives the rates themselves, not a factor, and
                switches after a boundary: values[i+1] from step boundaries[i] + 1 on, one step later than here.
              - optax piecewise_constant_schedule(init, {step: scale}) multiplies by a scale of its own at each
                boundary; DL4J MapSchedule maps steps to rates.
            """;

    static final String EXPONENTIAL_SUMMARY = "multiply the rate by gamma every step (torch.optim.lr_scheduler.ExponentialLR)";
    static final String EXPONENTIAL = """
            Schedule (t = scheduler steps taken, from 0):
              lr(t) = base_lr * gamma^t

            Follows torch.optim.lr_scheduler.ExponentialLR, in closed form (torch multiplies recursively; the
            two differ by about 1e-17 relative).

            How other libraries differ:
              - Keras ExponentialDecay uses gamma^(t/decay_steps), per batch by default.
              - optax exponential_decay(init, transition_steps, decay_rate) likewise.
            """;

    static final String INVERSE_TIME_SUMMARY = "1/t decay, or 1/sqrt(t) with power=0.5 (Keras InverseTimeDecay; Spark MLlib's SGD step)";
    static final String INVERSE_TIME = """
            Schedule (t = scheduler steps taken, from 0):
              lr(t) = base_lr / (1 + decay_rate * t/decay_steps)^power
            power=1 is 1/t decay, power=0.5 is 1/sqrt(t). lr(0) = base_lr, never infinite.

            Follows keras.optimizers.schedules.InverseTimeDecay(initial_learning_rate=base_lr, decay_steps,
            decay_rate, staircase=False) for power=1, t counting updates from 0 as Keras' optimizer.iterations.
            PyTorch has no class for it (LambdaLR with this formula).

            How other libraries differ:
              - Keras InverseTimeDecay has no power and requires decay_steps; staircase=True (t/decay_steps
                floored) is not offered here. The old Keras optimizers' decay=d argument is
                inverse_time(decay_rate=d) counted per update.
              - Spark MLlib's GradientDescent (SGD) always uses stepSize/sqrt(i) with i = 1, 2, ...:
                that is inverse_time(decay_rate=1, power=0.5) counted per iteration (i = t + 1).
              - scikit-learn SGD learning_rate='invscaling' is eta0/t^power_t (power_t=0.25) with t counting
                samples from 1: inverse_time(decay_rate=1, power=0.25) counted per sample.
              - DL4J InverseSchedule and Caffe's "inv" policy: base_lr*(1 + gamma*t)^(-power), which is
                inverse_time(decay_rate=gamma, power=power).
            """;

    static final String COSINE_SUMMARY = "cosine annealing to eta_min over t_max steps (torch.optim.lr_scheduler.CosineAnnealingLR)";
    static final String COSINE = """
            Schedule (t = scheduler steps taken, from 0):
              lr(t) = eta_min + (base_lr - eta_min) * (1 + cos(pi*t/t_max)) / 2
            Past t_max the closed form rises again (as torch); followed by 'then', the next schedule starts at t_max.

            Paper:
              I. Loshchilov, F. Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017.
              https://arxiv.org/abs/1608.03983
            Follows torch.optim.lr_scheduler.CosineAnnealingLR in its closed form (torch's get_lr is recursive
            and differs in the last bits).

            How other libraries differ:
              - Keras CosineDecay(alpha) uses eta_min = alpha*base_lr and stays at the minimum after decay_steps.
              - optax cosine_decay_schedule likewise clamps at the end.
            """;

    static final String COSINE_RESTARTS_SUMMARY = "cosine annealing with warm restarts, SGDR (torch.optim.lr_scheduler.CosineAnnealingWarmRestarts)";
    static final String COSINE_RESTARTS = """
            Schedule (t = scheduler steps taken, from 0):
              cycle lengths T_0 = t_0, T_1 = t_0*t_mult, T_2 = t_0*t_mult^2, ...
              in cycle i, which starts at S_i = T_0 + ... + T_(i-1), t_cur = t - S_i:
              lr(t) = eta_min + (base_lr - eta_min) * (1 + cos(pi*t_cur/T_i)) / 2
            Each cycle restarts at base_lr; it never ends, so nothing can follow it with 'then'.

            Paper:
              I. Loshchilov, F. Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017.
              https://arxiv.org/abs/1608.03983
            Follows torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(T_0=t_0, T_mult=t_mult, eta_min),
            stepped once per step (torch also takes fractional epochs in step(epoch); this counts whole steps).

            How other libraries differ:
              - Keras CosineDecayRestarts(first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0) defaults to
                cycles that double, allows a fractional t_mul, lowers each restart's peak by m_mul, and sets
                the floor as a fraction alpha of the initial rate (eta_min = alpha*base_lr).
              - optax sgdr_schedule takes one warm-up-cosine configuration per cycle.
            """;

    static final String CYCLIC_SUMMARY = "a triangle wave between base_lr and max_lr (torch.optim.lr_scheduler.CyclicLR)";
    static final String CYCLIC = """
            Schedule (t = scheduler steps taken, from 0; the optimizer's lr is ignored):
              s = step_size_up, cycle = floor(t/(2s)) + 1, x = 1 - |t mod 2s - s|/s   (0 at a cycle's ends, 1 mid-way)
              lr(t) = base_lr + (max_lr - base_lr) * x * scale
              scale = 1                     mode=triangular
                      1/2^(cycle - 1)       mode=triangular2 (each cycle half as high)
                      gamma^t               mode=exp_range
            gamma applies only to exp_range; another value with another mode is an error. It never ends, so
            nothing can follow it with 'then'.

            Paper:
              L. N. Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017.
              https://arxiv.org/abs/1506.01186
            Follows torch.optim.lr_scheduler.CyclicLR(base_lr, max_lr, step_size_up, mode, gamma), stepped once
            per batch as torch intends.

            How other libraries differ:
              - torch's default cycle_momentum=True also cycles momentum/beta1 between 0.8 and 0.9 (and refuses
                an optimizer without momentum); this schedule only sets the learning rate. torch's
                step_size_down (for an uneven triangle), scale_fn and scale_mode are not offered, and torch
                silently ignores gamma outside exp_range.
              - Keras has no cyclic schedule (TensorFlow Addons' CyclicalLearningRate had the same three
                modes); DL4J CycleSchedule is a one-cycle policy; DJL CyclicalTracker has these modes too.
            """;

    static final String ONECYCLE_SUMMARY = "the 1cycle policy: warm up to max_lr, then anneal far below (torch.optim.lr_scheduler.OneCycleLR)";
    static final String ONECYCLE = """
            Schedule (t = scheduler steps taken, from 0; base_lr is ignored):
              initial = max_lr/div_factor        min = initial/final_div_factor
              two phases:   initial -> max_lr until e1 = pct_start*total_steps - 1,
                            max_lr -> min     until e2 = total_steps - 1
              three phases: initial -> max_lr until pct_start*total_steps - 1,
                            max_lr -> initial until 2*pct_start*total_steps - 2,
                            initial -> min    until total_steps - 1
              in a phase from a to b over [s, e]: p = (t - s)/(e - s)
                cos:    lr = b + (a - b)/2 * (1 + cos(pi*p))
                linear: lr = (b - a)*p + a
              t > total_steps is an error.

            Paper:
              L. N. Smith, N. Topin, "Super-Convergence: Very Fast Training of Neural Networks Using Large
              Learning Rates", 2019. https://arxiv.org/abs/1708.07120
            Follows torch.optim.lr_scheduler.OneCycleLR.

            How other libraries differ:
              - torch's default cycle_momentum=True also cycles momentum/beta1 between 0.95 and 0.85; this
                schedule only sets the learning rate.
              - optax cosine_onecycle_schedule uses pct_start, div_factor and final_div_factor the same way
                but counts the phases over transition_steps without the -1.
            """;

    static final String POLYNOMIAL_SUMMARY = "polynomial decay to end_lr over total_steps (torch PolynomialLR, Keras PolynomialDecay)";
    static final String POLYNOMIAL = """
            Schedule (t = scheduler steps taken, from 0):
              lr(t) = end_lr + (base_lr - end_lr) * (1 - min(t, total_steps)/total_steps)^power
            power=1 is linear. From t = total_steps on the rate stays at end_lr; followed by 'then', the next
            schedule starts at total_steps.

            Follows torch.optim.lr_scheduler.PolynomialLR(total_iters=total_steps, power) for end_lr=0, in
            closed form, and keras.optimizers.schedules.PolynomialDecay(decay_steps=total_steps,
            end_learning_rate=end_lr, power, cycle=False).

            How other libraries differ:
              - PyTorch PolynomialLR always ends at 0 (no end_lr) and defaults to total_iters=5; after
                total_iters it keeps the rate it reached, 0.
              - Keras PolynomialDecay defaults to end_learning_rate=1e-4 and clamps t at decay_steps as here;
                with cycle=True it instead restarts past decay_steps, stretching decay_steps to the next
                multiple that covers t. Not offered here.
              - optax polynomial_schedule(init_value, end_value, power, transition_steps) also holds end_value
                afterwards, and can start late (transition_begin).
            """;

    static final String WARMUP_SUMMARY = "linear warm-up to the base rate, then constant";
    static final String WARMUP = """
            Schedule (t = scheduler steps taken, from 0):
              lr(t) = base_lr * (t + 1)/steps     for t < steps
              lr(t) = base_lr                     for t >= steps
            The first step already uses base_lr/steps (never 0). Combine: warmup(steps=100) then cosine(t_max=900).

            Equals torch.optim.lr_scheduler.LinearLR(start_factor=1/steps, end_factor=1, total_iters=steps-1)
            up to rounding; a warm-up then another schedule is SequentialLR(milestones=[steps]).

            How other libraries differ:
              - Keras CosineDecay(warmup_steps=...) and optax warmup_cosine_decay_schedule start the warm-up
                at 0 (or init_value) at t = 0, one step behind this one.
            """;

    static final String PLATEAU_SUMMARY = "reduce the rate when a metric stops improving (torch.optim.lr_scheduler.ReduceLROnPlateau)";
    static final String PLATEAU = """
            Schedule (observes one metric value a per epoch; state: best, bad, cooldown_counter, lr):
              better = a < best*(1 - threshold)   (mode=min, threshold_mode=rel; abs: a < best - threshold;
                                                   mode=max: a > best*(1 + threshold) or a > best + threshold)
              if better: best = a, bad = 0   else: bad = bad + 1
              if cooldown_counter > 0: cooldown_counter -= 1, bad = 0
              if bad > patience: new = max(lr*factor, min_lr); if lr - new > eps: lr = new;
                                 cooldown_counter = cooldown, bad = 0
            The state is explicit (Plateau.state() / restore()) so a checkpoint resumes exactly.

            Follows torch.optim.lr_scheduler.ReduceLROnPlateau.

            How other libraries differ:
              - PyTorch's threshold is relative by default (best*(1 - 1e-4)); Keras ReduceLROnPlateau's
                min_delta is absolute, as is scikit-learn's tol; optax reduce_on_plateau has rtol and atol;
                DJL uses a percentage.
            """;
}
