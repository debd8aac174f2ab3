import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export const placeholderRoutes = new Hono<AppEnv>();
