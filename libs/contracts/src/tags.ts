/**
 * Components and regions are free-form tags (`internet`, `tv`, `berlin`, `us-east`) matched between incidents and
 * subscribers, so both sides store them the same way: trimmed, lower case, letters, digits and dashes.
 */
export const TAG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase();
}

export function normalizeTags(tags: unknown): unknown {
  return Array.isArray(tags) ? [...new Set(tags.map((t) => (typeof t === 'string' ? normalizeTag(t) : t)))] : tags;
}

/**
 * What of an incident touches one subscriber, in her own terms: her components it affects, and her regions it
 * affects (all of hers when the incident names no region).
 */
export function affectedTerms(
  subscriber: { components: string[]; regions: string[] },
  incident: { components: string[]; regions: string[] },
): { components: string[]; regions: string[] } {
  return {
    components: subscriber.components.filter((c) => incident.components.includes(c)),
    regions: incident.regions.length === 0 ? subscriber.regions : subscriber.regions.filter((r) => incident.regions.includes(r)),
  };
}
