/* SPDX-License-Identifier: MIT */
#include "lsgpu_batch.h"

#include "lsgpu/drm/lsgpu_winsys.h"

void
lsgpu_batch_add_bo(struct lsgpu_batch *batch, struct lsgpu_bo *bo)
{
   if (!batch->bo_set.insert(bo).second)
      return;
   struct lsgpu_bo *ref = NULL;
   lsgpu_bo_reference(&ref, bo);
   batch->bos.push_back(ref);
   batch->bo_bytes += bo->size;
}

bool
lsgpu_batch_references(const struct lsgpu_batch *batch, const struct lsgpu_bo *bo)
{
   return batch->bo_set.count(const_cast<lsgpu_bo *>(bo)) != 0;
}

uint32_t *
lsgpu_batch_reserve(struct lsgpu_batch *batch, uint32_t num_dwords)
{
   size_t at = batch->cmds.size();
   batch->cmds.resize(at + num_dwords, 0);
   return &batch->cmds[at];
}

void
lsgpu_batch_reset(struct lsgpu_batch *batch)
{
   for (lsgpu_bo *bo : batch->bos)
      lsgpu_bo_reference(&bo, NULL);
   batch->bos.clear();
   batch->bo_set.clear();
   batch->bo_bytes = 0;
   batch->pixels = 0;
   batch->vertices = 0;
   batch->cmds.clear();
}
