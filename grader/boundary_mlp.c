/* boundary_mlp.c -- what the boundary checks about a network (Mlp, lib/mlp.h) that crosses it.
 *
 * A network is a struct of pointers into three blocks the student's mlp_init allocates (params,
 * grads, work). The tests read those pointers directly (m.weight[0][3]), and the stubs size
 * arrays by the network's shape (X holds N * sizes[0] doubles), so the grader must know that
 * the pointers lead into the student's heap and that the shape is the one the test asked for.
 * This holds after mlp_init (checked against its arguments and the layout its given code
 * builds), and every other call may change only what its contract says: the buffers' contents,
 * and m->N (mlp_forward sets it, and so does every function that runs it). mlp_free zeroes it.
 */
#include <stdio.h>
#include <string.h>

#include "boundary.h"
#include "grade.h"
#include "mlp.h"

size_t boundary_mlp_size(void)
{
    return sizeof(Mlp);
}

static int all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t k = 0; k < n; k++)
        if (b[k])
            return 0;
    return 1;
}

// Whether [p, p + count doubles) lies in the student's heap; count is at most ~1e9.
static int holds(const double *p, long count)
{
    return p && count >= 0 && boundary_in_heap(p, (size_t)count * sizeof(double));
}

// 0 when m is a network as mlp_init's given code lays it out; otherwise a reason in why.
static int layout_problem(const Mlp *m, char *why, size_t cap)
{
    if (m->L < 1 || m->L > MLP_MAX_LAYERS)
        return snprintf(why, cap, "m->L is %d, not 1 .. %d", m->L, MLP_MAX_LAYERS), 1;
    long params = 0, widths = 0, hidden = 0;
    for (int l = 0; l <= m->L; l++) {
        if (m->sizes[l] < 1 || m->sizes[l] > (1 << 20))
            return snprintf(why, cap, "m->sizes[%d] is %d", l, m->sizes[l]), 1;
        widths += m->sizes[l];
        if (l < m->L)
            params += (long)m->sizes[l + 1] * (m->sizes[l] + 1);
        if (l > 0)
            hidden += m->sizes[l];
    }
    if (m->max_batch < 1 || (double)m->max_batch * (double)(2 * widths + hidden) > 1e9)
        return snprintf(why, cap, "m->max_batch is %d", m->max_batch), 1;
    if (m->num_params != params)
        return snprintf(why, cap, "m->num_params is %d, but the sizes give %ld", m->num_params,
                        params), 1;
    long work = (long)m->max_batch * (2 * widths + hidden);
    if (!holds(m->params, params) || !holds(m->grads, params) || !holds(m->work, work))
        return snprintf(why, cap, "m->params, m->grads or m->work does not point to a block of"
                        " the right size from malloc"), 1;
    const double *p = m->params, *g = m->grads, *w = m->work;
    for (int l = 0; l < m->L; l++) {
        long D = m->sizes[l], H = m->sizes[l + 1];
        if (m->weight[l] != p || m->dweight[l] != g || m->bias[l] != p + H * D ||
            m->dbias[l] != g + H * D)
            return snprintf(why, cap, "weight[%d], bias[%d] or their gradients are not where the"
                            " layout puts them (each layer's weight, then its bias, in params and"
                            " grads)", l, l), 1;
        p += H * D + H, g += H * D + H;
    }
    for (int l = 0; l <= m->L; l++) {
        if (m->acts[l] != w || m->dacts[l] != w + (long)m->max_batch * m->sizes[l])
            return snprintf(why, cap, "acts[%d] or dacts[%d] is not where the layout puts it in"
                            " work", l, l), 1;
        w += 2L * m->max_batch * m->sizes[l];
    }
    for (int l = 0; l < m->L; l++) {
        if (m->dz[l] != w)
            return snprintf(why, cap, "dz[%d] is not where the layout puts it in work", l), 1;
        w += (long)m->max_batch * m->sizes[l + 1];
    }
    if (m->N < 0 || m->N > m->max_batch)
        return snprintf(why, cap, "m->N is %d, outside 0 .. max_batch = %d", m->N, m->max_batch), 1;
    return 0;
}

static const Mlp *built(const void *ptr, const char *fn)
{
    const Mlp *m = ptr;
    char why[256];
    if (!m)
        grade_fail("internal: %s was passed no network (NULL)", fn);
    if (layout_problem(m, why, sizeof why))
        grade_fail("%s was passed a network that is not as mlp_init builds it: %s (the allocation"
                   " before mlp_init's TODO is given code: keep it as it is)", fn, why);
    return m;
}

int64_t boundary_mlp_inputs(const void *m, const char *fn) { return built(m, fn)->sizes[0]; }
int64_t boundary_mlp_batch(const void *m, const char *fn) { return built(m, fn)->N; }

int64_t boundary_mlp_outputs(const void *ptr, const char *fn)
{
    const Mlp *m = built(ptr, fn);
    return m->sizes[m->L];
}

void boundary_mlp_before(void *m, int mode, const char *fn)
{
    if (mode == BOUNDARY_MLP_INIT || (mode == BOUNDARY_MLP_FREE && all_zero(m, sizeof(Mlp))))
        return;
    built(m, fn);
}

// The first field in which a and b differ, for messages; NULL when none does.
static const char *first_difference(const Mlp *a, const Mlp *b, char *name, size_t cap)
{
#define SAME(field, text) \
    if (memcmp(&a->field, &b->field, sizeof a->field) != 0) \
        return snprintf(name, cap, "%s", text), name;
    SAME(L, "L");
    SAME(sizes, "sizes");
    SAME(act, "act");
    SAME(max_batch, "max_batch");
    SAME(num_params, "num_params");
    SAME(params, "params");
    SAME(grads, "grads");
    SAME(weight, "weight");
    SAME(bias, "bias");
    SAME(dweight, "dweight");
    SAME(dbias, "dbias");
    SAME(N, "N");
    SAME(work, "work");
    SAME(acts, "acts");
    SAME(dacts, "dacts");
    SAME(dz, "dz");
#undef SAME
    return NULL;
}

void boundary_mlp_after(void *ptr, const void *shared, const void *before, int mode, const char *fn)
{
    Mlp *m = ptr;
    if (mode == BOUNDARY_MLP_INIT || mode == BOUNDARY_MLP_FREE) {
        memcpy(m, shared, sizeof *m);   // checked by the next call that takes it
        return;
    }
    Mlp after;
    memcpy(&after, shared, sizeof after);
    after.N = ((const Mlp *)before)->N;
    char name[32];
    if (first_difference(&after, before, name, sizeof name))
        grade_fail("%s changed m->%s: a function that runs or trains the network may change the"
                   " contents of its buffers and m->N, not the rest of the struct (mlp_init set it)",
                   fn, name);
    m->N = ((const Mlp *)shared)->N;
}

void boundary_mlp_check_init(const void *ptr, int64_t ret, const int *sizes, int L, int act,
                             int max_batch, const char *fn)
{
    const Mlp *m = ptr;
    char why[256];
    if (ret != 0)
        return;   // the tests say what they expected
    if (layout_problem(m, why, sizeof why))
        grade_fail("%s returned 0, but the network it built is not laid out as its given code"
                   " lays it out: %s (keep the allocation before the TODO as it is)", fn, why);
    if (m->L != L || m->act != (Activation)act || m->max_batch != max_batch)
        grade_fail("%s returned 0 but set m->L = %d, m->act = %d, m->max_batch = %d; it was asked"
                   " for %d, %d, %d", fn, m->L, (int)m->act, m->max_batch, L, act, max_batch);
    for (int l = 0; l <= L; l++)
        if (m->sizes[l] != sizes[l])
            grade_fail("%s returned 0 but set m->sizes[%d] = %d; it was asked for %d", fn, l,
                       m->sizes[l], sizes[l]);
}
