import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export const instanceRoutes = new Hono<AppEnv>();
