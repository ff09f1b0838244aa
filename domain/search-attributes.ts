import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes, registered on the dev server at start so the Web UI can filter on them. */
export const TASK_STATUS = defineSearchAttributeKey('TaskStatus', SearchAttributeType.KEYWORD);
export const CLIENT_ID = defineSearchAttributeKey('ClientId', SearchAttributeType.KEYWORD);
export const QA_SCORE = defineSearchAttributeKey('QaScore', SearchAttributeType.INT);
export const COST_MICRO_USD = defineSearchAttributeKey('CostMicroUsd', SearchAttributeType.INT);

export const CUSTOM_SEARCH_ATTRIBUTES = [TASK_STATUS, CLIENT_ID, QA_SCORE, COST_MICRO_USD];

/** `--search-attribute Name=Type` flags for `temporal server start-dev`. */
export function searchAttributeCliArgs(): string[] {
  const cliType: Record<string, string> = {
    KEYWORD: 'Keyword',
    INT: 'Int',
    TEXT: 'Text',
    BOOL: 'Bool',
    DOUBLE: 'Double',
    DATETIME: 'Datetime',
  };
  return CUSTOM_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${cliType[k.type] ?? 'Keyword'}`]);
}
