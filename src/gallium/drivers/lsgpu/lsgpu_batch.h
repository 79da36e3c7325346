/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_BATCH_H
#define LSGPU_BATCH_H

#include <stdint.h>
#include <unordered_set>
#include <vector>

struct lsgpu_bo;
struct lsgpu_context;

/* The work a context has recorded but not yet submitted: one command stream and the
 * BOs it touches (the job's BO list, which is also its GPU address space). */
struct lsgpu_batch {
   std::vector<uint32_t> cmds;
   std::vector<lsgpu_bo *> bos; /* each holds a reference */
   std::unordered_set<lsgpu_bo *> bo_set;
   uint64_t bo_bytes = 0; /* memory the BO list keeps alive */
   uint64_t pixels = 0;   /* upper bound of the fragments its draws can shade */
   uint64_t vertices = 0; /* vertices its draws name (instances counted) */
};

/* Adds bo to the job's BO list (once). */
void lsgpu_batch_add_bo(struct lsgpu_batch *batch, struct lsgpu_bo *bo);
bool lsgpu_batch_references(const struct lsgpu_batch *batch, const struct lsgpu_bo *bo);
/* Reserves `num_dwords` words at the end of the command stream. */
uint32_t *lsgpu_batch_reserve(struct lsgpu_batch *batch, uint32_t num_dwords);
void lsgpu_batch_reset(struct lsgpu_batch *batch);

#endif
