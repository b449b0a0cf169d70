/** On a part sent ahead of a reply: its index, from 0 (see SendPart). */
export const PART_HEADER = 'Muon-Part';
/** On a reply that parts preceded: how many, so a requester notices one that went missing. */
export const PART_COUNT_HEADER = 'Muon-Parts';
