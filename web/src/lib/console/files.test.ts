import { describe, expect, it } from 'vitest';
import { acceptFor, fileProblem, formatSize, MAX_FILE_BYTES } from './files';

describe('files to upload', () => {
  it('are refused before upload when empty, over 10 MB or of a type the server refuses', () => {
    expect(fileProblem({ name: '整改报告.pdf', size: 2048 })).toBeNull();
    expect(fileProblem({ name: 'PHOTO.JPG', size: 1 })).toBeNull();
    expect(fileProblem({ name: '台账.xlsx', size: MAX_FILE_BYTES })).toBeNull();
    expect(fileProblem({ name: 'a.pdf', size: 0 })).toBe('empty');
    expect(fileProblem({ name: 'a.pdf', size: MAX_FILE_BYTES + 1 })).toBe('tooLarge');
    expect(fileProblem({ name: 'a.doc', size: 10 })).toBe('type');
    expect(fileProblem({ name: 'pdf', size: 10 })).toBe('type');
    expect(fileProblem({ name: 'page.html', size: 10 })).toBe('type');
  });

  it('as photos are images only', () => {
    expect(fileProblem({ name: 'scene.webp', size: 10 }, 'photos')).toBeNull();
    expect(fileProblem({ name: 'scene.pdf', size: 10 }, 'photos')).toBe('type');
    expect(acceptFor('photos')).toBe('.png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp');
    expect(acceptFor('documents')).toContain('.docx');
  });

  it('show their size in words', () => {
    expect(formatSize(980)).toBe('980 B');
    expect(formatSize(34 * 1024)).toBe('34 KB');
    expect(formatSize(1.25 * 1024 * 1024)).toBe('1.3 MB');
  });
});
