/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_KMS_PROPS_H
#define LSGPU_SIM_KMS_PROPS_H

#include <cstdint>
#include <vector>

#include "kms.h"

namespace lsgpu::sim
{

/* A KMS property as GETPROPERTY describes it. `values` are the enum values, the
 * {min, max} of a range (a signed range's as two's complement), or the object type
 * an object property names. */
struct KmsProperty {
   uint32_t id;
   const char *name;
   uint32_t flags;
   std::vector<uint64_t> values;
   std::vector<const char *> enum_names;
};

/* The property with this id, or nullptr. */
const KmsProperty *lsgpu_kms_property(uint32_t id);

/* The properties object `id` has (of `type`, or DRM_MODE_OBJECT_ANY) and their current
 * values, in the kernel's order; atomic properties only for atomic clients. Returns
 * false when there is no such object with properties. kms.lock() held. */
bool lsgpu_kms_object_properties(const Kms &kms, uint32_t id, uint32_t type, bool atomic,
                                 std::vector<uint32_t> *ids, std::vector<uint64_t> *values);

/* drm_property_change_valid_get: whether `value` is one the property can take (in
 * range, one of its enum values, an existing object or blob, or 0). kms.lock() held. */
bool lsgpu_kms_property_value_valid(const Kms &kms, const KmsProperty &prop, uint64_t value);

} // namespace lsgpu::sim

#endif
