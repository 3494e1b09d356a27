import type { Types } from 'mongoose';
import type { SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import type { MacroDTO, MacroInput } from '../../../shared/macros';
import { MacroModel, type Macro } from '../db/models/macro';

export function toMacroDTO(macro: Macro & { _id: Types.ObjectId; updatedAt?: Date }): MacroDTO {
  return {
    id: macro._id.toHexString(),
    shortcut: macro.shortcut,
    category: macro.category,
    title: { 'zh-CN': macro.title['zh-CN'], en: macro.title.en },
    text: { 'zh-CN': macro.text['zh-CN'], en: macro.text.en },
    updatedAt: (macro.updatedAt ?? macro._id.getTimestamp()).toISOString(),
  };
}

/** Every macro, by category then shortcut (a few dozen: the client filters them as the agent types). */
export async function listMacros(): Promise<MacroDTO[]> {
  const macros = await MacroModel.find({}).sort({ category: 1, shortcut: 1 }).limit(500).lean();
  return macros.map(toMacroDTO);
}

function duplicateShortcut(error: unknown, shortcut: string): never {
  if ((error as { code?: number }).code === 11000) {
    throw new DomainError('CONFLICT', `A macro with the shortcut /${shortcut} already exists.`, { shortcut });
  }
  throw error;
}

export async function createMacro(actor: SessionUser, input: MacroInput): Promise<MacroDTO> {
  try {
    const created = await MacroModel.create({ ...input, updatedBy: actor.id });
    return toMacroDTO(created.toObject());
  } catch (error) {
    return duplicateShortcut(error, input.shortcut);
  }
}

export async function updateMacro(actor: SessionUser, id: string, input: MacroInput): Promise<MacroDTO> {
  let updated;
  try {
    updated = await MacroModel.findByIdAndUpdate(
      id,
      { $set: { ...input, updatedBy: actor.id } },
      { returnDocument: 'after', runValidators: true },
    ).lean();
  } catch (error) {
    return duplicateShortcut(error, input.shortcut);
  }
  if (!updated) throw new DomainError('NOT_FOUND', 'That macro does not exist (it may have been removed).');
  return toMacroDTO(updated);
}

export async function removeMacro(id: string): Promise<{ id: string }> {
  const removed = await MacroModel.findByIdAndDelete(id).lean();
  if (!removed) throw new DomainError('NOT_FOUND', 'That macro does not exist (it may have been removed).');
  return { id };
}
